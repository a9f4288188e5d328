/**
 * The AWS Query codec (sim/protocol/query.ts) against what the installed ELBv2 SDK really sends and
 * parses: request bodies are captured from the SDK before they leave, responses are parsed by the SDK.
 */
import {
  CreateRuleCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from '@jest/globals';
import { optionalList } from '../../sim/elbv2/params.js';
import { parseQueryBody, queryResponse } from '../../sim/protocol/query.js';

/** Serialises a call with the real SDK and returns the form body it would send. */
async function bodyOf(command: object): Promise<string> {
  const client = new ElasticLoadBalancingV2Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' },
    maxAttempts: 1,
  });
  let body = '';
  client.middlewareStack.add(
    () => async (args) => {
      body = String((args.request as { body?: unknown }).body ?? '');
      throw new Error('captured');
    },
    { step: 'finalizeRequest', priority: 'low' },
  );
  // Each command class carries its own generic types; the client accepts any of them at run time.
  await expect(client.send(command as never)).rejects.toThrow('captured');
  client.destroy();
  return body;
}

describe('AWS Query codec against the ELBv2 SDK', () => {
  it('parses an empty list as an empty string the model reads as []', async () => {
    const parsed = parseQueryBody(await bodyOf(new DescribeTargetGroupsCommand({ Names: [] })));
    expect(parsed).toEqual({ action: 'DescribeTargetGroups', version: '2015-12-01', params: { Names: '' } });
    expect(optionalList(parsed.params, 'Names')).toEqual([]);
  });

  it('parses nested ForwardConfig.TargetGroups.member.N with weights and stickiness', async () => {
    const parsed = parseQueryBody(
      await bodyOf(
        new ModifyListenerCommand({
          ListenerArn: 'L',
          DefaultActions: [
            {
              Type: 'forward',
              ForwardConfig: {
                TargetGroups: [
                  { TargetGroupArn: 'blue', Weight: 0 },
                  { TargetGroupArn: 'green', Weight: 100 },
                ],
                TargetGroupStickinessConfig: { Enabled: false },
              },
            },
          ],
        }),
      ),
    );
    expect(parsed.params).toEqual({
      ListenerArn: 'L',
      DefaultActions: [
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: 'blue', Weight: '0' },
              { TargetGroupArn: 'green', Weight: '100' },
            ],
            TargetGroupStickinessConfig: { Enabled: 'false' },
          },
        },
      ],
    });
  });

  it('parses conditions in both forms, tags and attributes', async () => {
    const rule = parseQueryBody(
      await bodyOf(
        new CreateRuleCommand({
          ListenerArn: 'L',
          Priority: 3,
          Conditions: [
            { Field: 'path-pattern', Values: ['/a'] },
            { Field: 'host-header', HostHeaderConfig: { Values: ['x.example.com', 'y.example.com'] } },
          ],
          Actions: [{ Type: 'forward', TargetGroupArn: 'T' }],
          Tags: [{ Key: 'team', Value: 'shop' }],
        }),
      ),
    );
    expect(rule.params).toEqual({
      ListenerArn: 'L',
      Priority: '3',
      Conditions: [
        { Field: 'path-pattern', Values: ['/a'] },
        { Field: 'host-header', HostHeaderConfig: { Values: ['x.example.com', 'y.example.com'] } },
      ],
      Actions: [{ Type: 'forward', TargetGroupArn: 'T' }],
      Tags: [{ Key: 'team', Value: 'shop' }],
    });
    const attributes = parseQueryBody(
      await bodyOf(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: 'T',
          Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '10' }],
        }),
      ),
    );
    expect(attributes.params).toEqual({
      TargetGroupArn: 'T',
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '10' }],
    });
  });

  it('keeps list order past nine members (numeric, not lexical, indices)', async () => {
    const names = Array.from({ length: 12 }, (_, index) => `tg-${index}`);
    const parsed = parseQueryBody(await bodyOf(new DescribeTargetGroupsCommand({ Names: names })));
    expect(parsed.params.Names).toEqual(names);
  });

  it('renders lists as member elements and escapes XML text', () => {
    const xml = queryResponse(
      'DescribeTags',
      { TagDescriptions: [{ ResourceArn: 'a', Tags: [{ Key: 'k', Value: '<&>' }] }] },
      'r1',
    );
    expect(xml).toContain(
      '<TagDescriptions><member><ResourceArn>a</ResourceArn><Tags><member><Key>k</Key><Value>&lt;&amp;&gt;</Value></member></Tags></member></TagDescriptions>',
    );
    expect(xml).toContain('<RequestId>r1</RequestId>');
  });
});
