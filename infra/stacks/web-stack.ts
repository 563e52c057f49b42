/**
 * The web pages in the cloud: the same static build as `npm start` serves (web/dist), in a private
 * S3 bucket behind CloudFront with Origin Access Control, and the HTTP API on the same origin
 * through one CloudFront behaviour per top-level API path of the route table (no CORS needed).
 * A response headers policy sets the Content-Security-Policy (no 'unsafe-inline'), HSTS and
 * friends; a CloudFront Function sends page navigations to index.html without touching API
 * errors. config.json, generated here, tells the console which Cognito pool and client to use.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { routeEntries } from '../routes.ts';
import { contentSecurityPolicy } from '../web-policy.ts';
import type { StatelessStack } from './stateless-stack.ts';

export const webRoot = resolve(import.meta.dirname, '..', '..', 'web');
export const webDist = join(webRoot, 'dist');

const newest = (path: string): number => {
  const stat = statSync(path);
  return stat.isDirectory()
    ? Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
    : stat.mtimeMs;
};

/** Builds web/dist when it is missing or older than its sources, so `cdk synth` needs no extra step. */
export const ensureWebBuildSync = () => {
  const index = join(webDist, 'index.html');
  const sources = [
    join(webRoot, 'src'),
    join(webRoot, 'index.html'),
    resolve(webRoot, '..', 'shared', 'domain'),
  ];
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newest))) return;
  const vite = resolve(webRoot, '..', 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(
    process.execPath,
    [vite, 'build', '--config', join(webRoot, 'vite.config.ts'), '--logLevel', 'warn'],
    {
      stdio: 'inherit',
    },
  );
};

/** CloudFront path patterns for the API: one per first path segment of the route table. */
export const apiPathPatterns = (): string[] => {
  const patterns = new Set<string>();
  for (const [, route] of routeEntries) {
    const first = route.path.split('/')[1] as string;
    const exact = `/${first}`;
    patterns.add(route.path === exact ? (route.path.includes('.') ? exact : `${exact}*`) : `${exact}/*`);
  }
  // "/clues*" covers "/clues" and "/clues/…": drop the narrower duplicates.
  return [...patterns].filter((p) => !(p.endsWith('/*') && patterns.has(`${p.slice(0, -2)}*`))).sort();
};

/** Page navigations (no file extension) get index.html; assets and config.json pass through. */
const spaRewrite = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri.lastIndexOf('.') <= uri.lastIndexOf('/')) request.uri = '/index.html';
  return request;
}`;

export interface WebStackProps extends StackProps {
  stateless: StatelessStack;
}

export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    ensureWebBuildSync();
    const { stateless } = props;

    // CloudFront's standard logs need ACLs on their bucket; nothing else writes there.
    const logs = new Bucket(this, 'WebLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket itself; logging it into itself would loop, and nothing else is stored in it.',
    });

    this.bucket = new Bucket(this, 'WebPages', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Zhengming: CSP without unsafe-inline, HSTS, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy({ cognitoRegion: this.region }),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: false,
          override: true,
        },
      },
    });

    const apiDomain = Fn.select(2, Fn.split('/', stateless.api.apiEndpoint));
    const apiOrigin = new HttpOrigin(apiDomain, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    const apiBehavior = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
    };

    this.distribution = new Distribution(this, 'Web', {
      comment: 'Zhengming portal and console, with the API on the same origin',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new CloudFrontFunction(this, 'PageRoutes', {
              code: FunctionCode.fromInline(spaRewrite),
              runtime: FunctionRuntime.JS_2_0,
              comment: 'Page navigations get index.html',
            }),
          },
        ],
      },
      additionalBehaviors: Object.fromEntries(apiPathPatterns().map((pattern) => [pattern, apiBehavior])),
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'The portal serves the public wherever they are; reporting must not depend on the reporter’s country.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'API Gateway throttles every route and the receipt lookup keeps its own per-client limit; a WAF web ACL is a per-commission choice attached at deploy time.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate cannot pin a minimum TLS policy; a custom domain with its ACM certificate sets TLSv1.2_2021.',
    });

    new BucketDeployment(this, 'DeployPages', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(webDist),
        Source.jsonData('config.json', {
          auth: 'cognito',
          region: this.region,
          userPoolId: stateless.userPool.userPoolId,
          clientId: stateless.consoleClient.userPoolClientId,
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      prune: false,
      memoryLimit: 512,
    });
    // The deployment's handler is a CDK-provided singleton at the stack's root; its grants are CDK's.
    const deployer = this.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    const pagesArn = this.resolve((this.bucket.node.defaultChild as CfnBucket).logicalId) as string;
    const findings: [string, string][] = [
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'The CDK BucketDeployment handler writes its own logs with the basic execution role; it runs only at deploy time.',
      ],
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
        (action): [string, string] => [
          `AwsSolutions-IAM5[Action::${action}]`,
          'The CDK BucketDeployment grant: it reads the asset and replaces the pages, whose object keys are content-hashed and unknown in advance.',
        ],
      ),
      [
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        'The CDK bootstrap asset bucket holds the zipped pages; the object key is a content hash known only at synthesis.',
      ],
      [
        `AwsSolutions-IAM5[Resource::<${pagesArn}.Arn>/*]`,
        'The handler writes every page of the build into the pages bucket; the keys are content-hashed file names.',
      ],
      [
        'AwsSolutions-L1',
        'The BucketDeployment handler runtime is chosen by aws-cdk-lib and moves with it; it runs only during deployments.',
      ],
      [
        'AwsSolutions-IAM5[Resource::*]',
        'cloudfront:CreateInvalidation (and GetInvalidation) have no resource-level permissions in the BucketDeployment grant; they invalidate index.html and config.json after a deploy.',
      ],
    ];
    for (const child of deployer) {
      for (const [id, reason] of findings) Validations.of(child).acknowledge({ id, reason });
    }

    new CfnOutput(this, 'WebUrl', { value: `https://${this.distribution.distributionDomainName}` });
  }
}
