/**
 * No obsolete DependsOn in the synthesized templates (cfn-lint W3005): a resource that already
 * names another through Ref, Fn::GetAtt or Fn::Sub is ordered after it by CloudFormation, so a
 * DependsOn on it only hides which dependencies are real.
 */
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';

type Template = { Resources: Record<string, { DependsOn?: string | string[]; [key: string]: unknown }> };
let templates: Record<string, Template>;

beforeAll(() => {
  // DependsOn does not depend on the bundles: skip esbuild, and synthesize once for the file.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const assembly = buildApp(app).app.synth();
  templates = Object.fromEntries(
    assembly.stacks.map((stack) => [stack.stackName, stack.template as Template]),
  );
});

/** The logical ids a value names through Ref, Fn::GetAtt or Fn::Sub, at any depth. */
const referencedIds = (value: unknown, found = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, found);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') found.add(inner);
      else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(inner) ? inner[0] : String(inner).split('.')[0];
        if (typeof target === 'string') found.add(target);
      } else if (key === 'Fn::Sub') {
        const [text, variables = {}] = Array.isArray(inner) ? inner : [inner];
        // ${Name} and ${Name.Attribute}, unless Name is one of the Sub's own variables;
        // ${!Literal} is escaped text, not a reference.
        for (const [, name] of String(text).matchAll(/\$\{([^!}][^}.]*)(?:\.[^}]*)?\}/g)) {
          if (!((name as string) in variables)) found.add(name as string);
        }
      }
      referencedIds(inner, found);
    }
  }
  return found;
};

describe('DependsOn in the synthesized templates', () => {
  it('reads references the way CloudFormation does', () => {
    const ids = referencedIds({
      a: { Ref: 'Bucket' },
      b: { 'Fn::GetAtt': ['Role', 'Arn'] },
      c: { 'Fn::GetAtt': 'Key.Arn' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not JavaScript's
      d: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Pages}/*-${Table.StreamArn}-${!Literal}' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not JavaScript's
      e: { 'Fn::Sub': ['${Topic}-${X}', { X: { Ref: 'Queue' } }] },
    });
    expect([...ids].sort()).toEqual([
      'AWS::Partition',
      'Bucket',
      'Key',
      'Pages',
      'Queue',
      'Role',
      'Table',
      'Topic',
    ]);
  });

  it('lists no resource that the resource already references (cfn-lint W3005)', () => {
    expect(Object.keys(templates).length).toBeGreaterThanOrEqual(5);
    const obsolete: string[] = [];
    let dependsOnCount = 0;
    for (const [stack, template] of Object.entries(templates)) {
      for (const [id, { DependsOn, ...resource }] of Object.entries(template.Resources)) {
        const targets = DependsOn === undefined ? [] : Array.isArray(DependsOn) ? DependsOn : [DependsOn];
        dependsOnCount += targets.length;
        const referenced = referencedIds(resource);
        for (const target of targets) {
          if (referenced.has(target)) obsolete.push(`${stack}: ${id} DependsOn ${target}`);
        }
      }
    }
    expect(obsolete).toEqual([]);
    // The dependencies that order something are still there (each function after its policy).
    expect(dependsOnCount).toBeGreaterThan(0);
  });

  it('keeps each function after the policy that lets it write its logs', () => {
    const stateless = templates['Zhengming-Stateless'] as Template;
    const resources = Object.entries(stateless.Resources);
    const [, health] = resources.find(
      ([id, r]) => id.startsWith('HealthFunction') && r.Type === 'AWS::Lambda::Function',
    ) as [string, { Properties: { Role: unknown }; DependsOn?: string[] }];
    // The grants are inline in the role (infra/constructs/service-function.ts): the function names
    // its role, so CloudFormation creates it after the role and the policy in it, with no DependsOn.
    const roleId = (health.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(roleId).toMatch(/^HealthRole/);
    const role = stateless.Resources[roleId] as { Properties: { Policies: { PolicyDocument: unknown }[] } };
    expect(JSON.stringify(role.Properties.Policies)).toContain('logs:PutLogEvents');
    expect(health.DependsOn).toBeUndefined();
  });

  it("applies across the app: a worker needs no DependsOn, and CDK's own function waits for its policy, not its role", () => {
    const workers = templates['Zhengming-Workers'] as Template;
    const [, check] = Object.entries(workers.Resources).find(
      ([id, r]) => id.startsWith('EvidenceCheckFunction') && r.Type === 'AWS::Lambda::Function',
    ) as [string, { Properties: { Role: unknown }; DependsOn?: string[] }];
    // Its queue's grant is inline in its role too (ServiceFunction.bindEventQueue), which it names.
    const roleId = (check.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(roleId).toMatch(/^EvidenceCheckRole/);
    expect(check.DependsOn).toBeUndefined();
    // The pages' BucketDeployment handler is CDK's, with its grants in a separate default policy.
    const web = templates['Zhengming-Web'] as Template;
    const [, deployment] = Object.entries(web.Resources).find(
      ([id, r]) => id.startsWith('CustomCDKBucketDeployment') && r.Type === 'AWS::Lambda::Function',
    ) as [string, { Properties: { Role: unknown }; DependsOn?: string[] }];
    const deploymentRole = (deployment.Properties.Role as { 'Fn::GetAtt': [string, string] })[
      'Fn::GetAtt'
    ][0];
    expect(deployment.DependsOn).toEqual([expect.stringMatching(/DefaultPolicy/)]);
    expect(deployment.DependsOn).not.toContain(deploymentRole);
    expect(web.Resources[deployment.DependsOn?.[0] as string]?.Type).toBe('AWS::IAM::Policy');
  });
});
