/** Recognising IAM denials (src/aws/access-denied.ts) and the failure that names every missing permission. */
import { describe, expect, it } from '@jest/globals';
import {
  asMissingPermissions,
  denialOf,
  isAccessDenied,
  MissingPermissionsError,
  readAll,
} from '../../src/aws/access-denied.js';
import { wrapError } from '../../src/errors.js';

/** An SDK-shaped error: the exception name and AWS's message. */
function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

const ROLE = 'arn:aws:sts::123456789012:assumed-role/deploy/gha';
const denied = (action: string, name = 'AccessDeniedException') =>
  awsError(
    name,
    `User: ${ROLE} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
  );

describe('denialOf', () => {
  it('reads the action and the caller from ECS and ELBv2 denials, through wrapped causes', () => {
    expect(
      denialOf(
        wrapError(
          'describing target groups',
          denied('elasticloadbalancing:DescribeTargetGroups', 'AccessDenied'),
        ),
      ),
    ).toEqual({
      permission: 'elasticloadbalancing:DescribeTargetGroups',
      principal: ROLE,
    });
    expect(isAccessDenied(denied('ecs:ListTasks'))).toBe(true);
  });

  it('falls back to the operation the kit called when the message names none', () => {
    expect(denialOf(awsError('AccessDeniedException', 'Access Denied'), 'ecs:UpdateService')).toEqual({
      permission: 'ecs:UpdateService',
      principal: undefined,
    });
  });

  it('is undefined for other errors', () => {
    expect(denialOf(awsError('ThrottlingException', 'Rate exceeded'))).toBeUndefined();
    expect(asMissingPermissions('ecs-deploy', new Error('boom'))).toEqual(new Error('boom'));
  });
});

describe('readAll', () => {
  it('names every denied read, sorted, with the caller and the policy', async () => {
    const reads = [
      { permission: 'ecs:ListTasks', read: () => Promise.reject(denied('ecs:ListTasks')) },
      { permission: 'ecs:DescribeServices', read: () => Promise.resolve('ok') },
      {
        permission: 'elasticloadbalancing:DescribeTargetHealth',
        read: () => Promise.reject(denied('elasticloadbalancing:DescribeTargetHealth', 'AccessDenied')),
      },
    ];
    const error = await readAll('wait-healthy', reads).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(MissingPermissionsError);
    expect((error as Error).message).toBe(
      `missing permissions ecs:ListTasks, elasticloadbalancing:DescribeTargetHealth for ${ROLE}: ` +
        'nothing was changed; grant what docs/iam/wait-healthy.json lists',
    );
  });

  it('returns the results in order, and rethrows an error that is not a denial', async () => {
    await expect(
      readAll('ecs-deploy', [
        { permission: 'a:A', read: () => Promise.resolve(1) },
        { permission: 'b:B', read: () => Promise.resolve(2) },
      ]),
    ).resolves.toEqual([1, 2]);
    await expect(
      readAll('ecs-deploy', [{ permission: 'a:A', read: () => Promise.reject(new Error('boom')) }]),
    ).rejects.toThrow('boom');
  });
});
