/**
 * The web pages in the cloud: the same static build as `npm start` serves (web/dist), in a private
 * S3 bucket behind CloudFront with Origin Access Control. The pages call the HTTP API on its own
 * address, allowed by CORS for exactly this distribution's origin: API Gateway then sees each
 * caller's own address (the receipt-lookup limit counts per person, not per CloudFront edge), and
 * consent links point at the portal. Hence the order: this stack, then the stateless and workers
 * stacks (which take the portal origin), then WebConfigStack, which writes config.json (API address, the
 * sign-in's OAuth endpoints and client) beside the pages. A response headers policy sets the Content-Security-Policy
 * (no 'unsafe-inline'), HSTS and friends; a CloudFront Function sends page navigations to
 * index.html.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { consoleOAuth, contentSecurityPolicy, signInDomain } from '../web-policy.ts';
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

/** Page navigations (no file extension) get index.html; assets and config.json pass through. */
const spaRewrite = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri.lastIndexOf('.') <= uri.lastIndexOf('/')) request.uri = '/index.html';
  return request;
}`;

/** The CDK BucketDeployment handler's own grants and runtime, explained for cdk-nag. */
const acknowledgeBucketDeployment = (stack: Stack, bucketObjects: string) => {
  const deployer = stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
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
      `AwsSolutions-IAM5[Resource::${bucketObjects}]`,
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
};

export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** https://<distribution domain>: the portal's origin, for CORS and for links in messages. */
  readonly origin: string;
  readonly bucketArnExport: string;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    ensureWebBuildSync();

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
          contentSecurityPolicy: contentSecurityPolicy({
            signInOrigins: [signInDomain(this).origin],
            apiOrigins: [`https://*.execute-api.${this.region}.amazonaws.com`],
            uploadOrigins: [`https://*.s3.${this.region}.amazonaws.com`],
          }),
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

    this.distribution = new Distribution(this, 'Web', {
      comment: 'Zhengming portal and console',
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
      sources: [Source.asset(webDist, { exclude: ['config.json'] })],
      distribution: this.distribution,
      distributionPaths: ['/index.html'],
      prune: false,
      memoryLimit: 512,
    });
    const bucketId = this.resolve((this.bucket.node.defaultChild as CfnBucket).logicalId) as string;
    acknowledgeBucketDeployment(this, `<${bucketId}.Arn>/*`);
    // Named, so that the config stack's grant names it too (and cdk-nag's finding can be explained).
    this.bucketArnExport = `${this.stackName}-PagesBucketArn`;
    new CfnOutput(this, 'PagesBucketArn', { value: this.bucket.bucketArn, exportName: this.bucketArnExport });

    this.origin = `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'WebUrl', { value: this.origin });
  }
}

export interface WebConfigStackProps extends StackProps {
  web: WebStack;
  stateless: StatelessStack;
}

/**
 * config.json beside the pages: where the API is, the commission's name, and the OAuth 2.0 authorization server (the
 * pool's managed login domain) and client with which the console signs staff in.
 */
export class WebConfigStack extends Stack {
  constructor(scope: Construct, id: string, props: WebConfigStackProps) {
    super(scope, id, props);
    const { web, stateless } = props;
    this.addStackDependency(web);
    const pages = Bucket.fromBucketArn(this, 'Pages', Fn.importValue(web.bucketArnExport));
    new BucketDeployment(this, 'DeployConfig', {
      destinationBucket: pages,
      sources: [
        Source.jsonData('config.json', {
          apiUrl: stateless.api.apiEndpoint,
          commissionName: stateless.commissionName,
          signIn: {
            issuer: stateless.issuer,
            authorizationEndpoint: `${stateless.signInDomain.baseUrl()}/oauth2/authorize`,
            tokenEndpoint: `${stateless.signInDomain.baseUrl()}/oauth2/token`,
            logoutEndpoint: `${stateless.signInDomain.baseUrl()}/logout`,
            idTokenSigningAlg: 'RS256',
            clientId: stateless.consoleClient.userPoolClientId,
            redirectUri: `${web.origin}${consoleOAuth.callbackPath}`,
            logoutUri: `${web.origin}${consoleOAuth.signedOutPath}`,
            scope: consoleOAuth.scopes.join(' '),
          },
        }),
      ],
      distribution: web.distribution,
      distributionPaths: ['/config.json'],
      prune: false,
      memoryLimit: 256,
    });
    acknowledgeBucketDeployment(this, `${web.bucketArnExport}/*`);
  }
}
