/**
 * What requests reach: one function per route of shared/contract/routes.ts behind an HTTP API (a
 * Cognito JWT authorizer on commission routes), and the staff pool with its sign-in trigger.
 * Permissions follow each route's `uses`, nothing more. The workers (stream readers, sweeps) are
 * the workers stack's (infra/stacks/workers-stack.ts).
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type CfnStage, CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolGroup,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { defaultCommissionName } from '../../shared/config.ts';
import { type RouteDef, roles, routeEntries } from '../../shared/contract/routes.ts';
import { ServiceFunction } from '../constructs/service-function.ts';
import { consoleOAuth, signInDomain } from '../web-policy.ts';
import {
  contextSettings,
  type FunctionStackProps,
  functionEnvironment,
  importStateful,
  pascal,
  type StatefulRefs,
} from './stateful-refs.ts';

export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Record<string, ServiceFunction> = {};
  /** The staff pool, its sign-in domain and the console's OAuth client, for the pages' config.json. */
  readonly userPool: UserPool;
  readonly signInDomain: UserPoolDomain;
  readonly consoleClient: UserPoolClient;
  /** Who issues notices and receipts, for the pages' config.json (the printed receipt names it). */
  readonly commissionName: string;

  /** The pool's token issuer, as its tokens' `iss` claim names it. */
  get issuer() {
    return `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  constructor(scope: Construct, id: string, props: FunctionStackProps) {
    super(scope, id, props);
    const stateful = importStateful(this, props.stateful);

    this.api = new HttpApi(this, 'Api', {
      apiName: 'zhengming',
      description: 'Zhengming (正名) HTTP API',
      // The pages call the API from the portal's origin, and from nowhere else in a browser.
      corsPreflight: {
        allowOrigins: [props.portalOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'accept-language'],
        exposeHeaders: ['retry-after'],
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });
    this.commissionName = contextSettings(this).COMMISSION_NAME ?? defaultCommissionName;
    const environment = functionEnvironment(this, stateful, props.portalOrigin);

    const userPool = new UserPool(this, 'StaffPool', {
      userPoolName: 'zhengming-staff',
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // The member's commission (docs/architecture.md, "Tenancy"): set by an administrator with
      // AdminCreateUser / AdminUpdateUserAttributes (mutable, so a member can be moved); the console
      // client cannot write it (its writeAttributes below leave it out).
      customAttributes: { commissionId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      // PLUS includes ESSENTIALS, which the V2 Pre Token Generation event (access-token claims) needs.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPool = userPool;
    this.signInTrigger(userPool, environment, stateful);
    for (const role of roles) new UserPoolGroup(this, `Group-${role}`, { userPool, groupName: role });
    // Staff sign in on Cognito's managed login pages (password, TOTP, reset and lockout are
    // Cognito's); the console is a public OAuth client (no secret) with the authorization-code
    // flow and PKCE, returning to the portal's /console/callback.
    this.signInDomain = userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: signInDomain(this).prefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    const client = userPool.addClient('Console', {
      generateSecret: false,
      // Managed login offers the sign-in methods the client allows: the password (by SRP), and
      // refresh. The console itself never calls InitiateAuth.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.portalOrigin}${consoleOAuth.callbackPath}`],
        logoutUrls: [`${props.portalOrigin}${consoleOAuth.signedOutPath}`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // Staff may change their name at most; never `custom:commissionId` (only administrators).
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      // An hour, then the console sends staff through managed login again (it keeps no refresh token).
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    // Managed login (the newer pages) shows a client's pages only with a style: Cognito's own.
    new CfnManagedLoginBranding(this, 'SignInStyle', {
      userPoolId: userPool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    this.consoleClient = client;
    // The console sends its access token: API Gateway matches the audience against its
    // `client_id` claim (an ID token's `aud`), and `cognito:groups` is in both kinds.
    const authorizer = new HttpJwtAuthorizer('StaffJwt', this.issuer, {
      jwtAudience: [client.userPoolClientId],
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        // No source address: it is personal data, and the rate limiter keeps only its keyed hash.
        userAgent: '$context.identity.userAgent',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 500, throttlingRateLimit: 200 };

    for (const [name, route] of routeEntries) {
      const fn = this.routeFunction(name, route, environment, stateful);
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascal(name)}Integration`, fn.function),
        ...(route.access === 'public' ? {} : { authorizer }),
      });
    }
    this.publicRoutesAcknowledged();

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
  }

  private routeFunction(
    name: string,
    route: RouteDef,
    environment: Record<string, string>,
    stateful: StatefulRefs,
  ) {
    const fn = new ServiceFunction(this, pascal(name), {
      entry: route.entry,
      description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
      memoryMb: route.memoryMb,
      timeoutSeconds: route.timeoutSeconds,
      environment,
    });
    const { uses } = route;
    if (uses.table) fn.bindTable(stateful.table, uses.table);
    if (route.auditRead && uses.table !== 'readWrite') fn.bindReadRecords(stateful.table);
    if (uses.peppers) fn.bindPeppers(stateful.peppers);
    if (uses.identityKey)
      fn.bindIdentityKey(
        stateful.identityKey,
        uses.identityKey,
        uses.identityKeyPurpose && [uses.identityKeyPurpose],
      );
    if (uses.signingKey) fn.bindSigningKey(stateful.signingKey, uses.signingKey);
    if (uses.bucket) fn.bindEvidence(stateful.evidence, uses.bucket);
    this.functions[name] = fn;
    return fn;
  }

  /**
   * functions/staff/sign-in-trigger.ts as the pool's Pre Token Generation trigger, event version 2
   * (the only one that can add a claim to the access token the API's authorizer takes). It writes
   * the member registry and nothing else: no grant on the pool (the event carries the groups), so
   * the pool references the function and never the other way round (no dependency cycle).
   */
  private signInTrigger(userPool: UserPool, environment: Record<string, string>, stateful: StatefulRefs) {
    const fn = new ServiceFunction(this, 'SignInTrigger', {
      entry: 'functions/staff/sign-in-trigger.ts',
      description: 'Cognito Pre Token Generation (V2): the commission claim, and the member registry',
      timeoutSeconds: 5,
      environment,
    });
    fn.bindStaffRegistry(stateful.table);
    userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn.function, LambdaVersion.V2_0);
    this.functions.signInTrigger = fn;
  }

  private publicRoutesAcknowledged() {
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Public routes (reporting, receipt lookup, consent by token, the notice board) are public by design (docs/api.md); every commission route has the Cognito JWT authorizer.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG1',
      reason: 'Access logging is configured on the default stage through its CfnStage accessLogSettings.',
    });
  }
}
