/**
 * The names and ARNs the kit's inputs and config file take, written once in their AWS-documented form, so
 * that every action and the config validator accept and reject the same values.
 */

/** One accepted form: the pattern and how an error message describes it. */
export interface NameForm {
  pattern: RegExp;
  /** What a value should look like, for `expected <this>, got '<value>'`. */
  expected: string;
}

/** AWS partitions: aws, aws-cn, aws-us-gov, aws-iso-b, ... */
const PARTITION = 'aws(?:-[a-z]+)*';
const REGION_NAME = '[a-z]{2}(?:-[a-z]+)+-\\d+';
const ACCOUNT = '\\d{12}';
/** ECS cluster, service, container and task definition family names. */
const ECS_NAME = '[A-Za-z0-9_-]{1,255}';
/** Load balancer and target group names: up to 32 letters, digits and hyphens. */
const ELB_NAME = '[A-Za-z0-9-]{1,32}';
const ELB_ID = '[0-9a-f]+';

function arn(service: 'ecs' | 'elasticloadbalancing', resource: string): string {
  return `arn:${PARTITION}:${service}:${REGION_NAME}:${ACCOUNT}:${resource}`;
}

function exact(...alternatives: string[]): RegExp {
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

/** AWS region names such as eu-west-1 or us-gov-west-1. */
export const REGION: NameForm = {
  pattern: exact(REGION_NAME),
  expected: 'a region such as eu-west-1',
};

/** A cluster name (up to 255 letters, digits, hyphens, underscores) or `arn:aws:ecs:<region>:<account>:cluster/<name>`. */
export const CLUSTER: NameForm = {
  pattern: exact(ECS_NAME, arn('ecs', `cluster/${ECS_NAME}`)),
  expected: 'a cluster name (letters, digits, - and _, at most 255) or cluster ARN',
};

/** A service name or `arn:aws:ecs:<region>:<account>:service/[<cluster>/]<name>`. */
export const SERVICE: NameForm = {
  pattern: exact(ECS_NAME, arn('ecs', `service/(?:${ECS_NAME}/)?${ECS_NAME}`)),
  expected: 'a service name (letters, digits, - and _, at most 255) or service ARN',
};

/** A service name alone, where an ARN would not do (the preview's template is copied by name). */
export const SERVICE_NAME: NameForm = {
  pattern: exact(ECS_NAME),
  expected: 'a service name (letters, digits, - and _, at most 255)',
};

/** A container name, as in a task definition's containerDefinitions. */
export const CONTAINER_NAME: NameForm = {
  pattern: exact(ECS_NAME),
  expected: 'a container name (letters, digits, - and _, at most 255)',
};

/** A task definition family alone, as a task definition file's `family`. */
export const TASK_DEFINITION_FAMILY: NameForm = {
  pattern: exact(ECS_NAME),
  expected: 'a task definition family (letters, digits, - and _, at most 255)',
};

/** A task definition family, `family:revision`, or a task definition ARN (which always has a revision). */
export const TASK_DEFINITION: NameForm = {
  pattern: exact(`${ECS_NAME}(?::\\d+)?`, arn('ecs', `task-definition/${ECS_NAME}:\\d+`)),
  expected: 'a task definition family, family:revision or task definition ARN',
};

/** One task definition revision: `family:revision` or its ARN. */
export const TASK_DEFINITION_REVISION: NameForm = {
  pattern: exact(`${ECS_NAME}:\\d+`, arn('ecs', `task-definition/${ECS_NAME}:\\d+`)),
  expected: 'family:revision or a task definition ARN',
};

/** An Application or Network Load Balancer listener: `...:listener/app|net/<lb name>/<lb id>/<listener id>`. */
export const LISTENER_ARN: NameForm = {
  pattern: exact(arn('elasticloadbalancing', `listener/(?:app|net)/${ELB_NAME}/${ELB_ID}/${ELB_ID}`)),
  expected:
    'a listener ARN (arn:aws:elasticloadbalancing:<region>:<account>:listener/app|net/<name>/<id>/<id>)',
};

/** A listener rule: `...:listener-rule/app|net/<lb name>/<lb id>/<listener id>/<rule id>`. */
export const LISTENER_RULE_ARN: NameForm = {
  pattern: exact(
    arn('elasticloadbalancing', `listener-rule/(?:app|net)/${ELB_NAME}/${ELB_ID}/${ELB_ID}/${ELB_ID}`),
  ),
  expected:
    'a listener rule ARN (arn:aws:elasticloadbalancing:<region>:<account>:listener-rule/app|net/<name>/<id>/<id>/<id>)',
};

/** A target group: `...:targetgroup/<name>/<id>`. */
export const TARGET_GROUP_ARN: NameForm = {
  pattern: exact(arn('elasticloadbalancing', `targetgroup/${ELB_NAME}/${ELB_ID}`)),
  expected: 'a target group ARN (arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>)',
};

/** ECR's repository name: lowercase path components separated by `/`, 2 to 256 characters. */
export const ECR_REPOSITORY: NameForm = {
  pattern: /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
  expected:
    'a repository name (2 to 256 lowercase letters, digits and . _ - separators, with / between path components)',
};

/** Whether `value` has the form. */
export function hasForm(form: NameForm, value: string): boolean {
  return form.pattern.test(value);
}
