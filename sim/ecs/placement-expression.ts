/**
 * The subset of the ECS cluster query language that memberOf placement constraints use here:
 * `attribute:<name> == <value>`, `!=`, `in [a, b]`, `not_in [a, b]`, clauses joined by `and` or `or`
 * (`and` binds tighter). Anything else is an InvalidParameterException, so a constraint the simulator
 * cannot evaluate is never silently ignored.
 */
import type { ContainerInstanceRecord } from './records.js';
import { ecsError } from './state.js';

/** A parsed expression: true when the instance is a member. */
export type PlacementExpression = (
  instance: Pick<ContainerInstanceRecord, 'attributes' | 'ec2InstanceId'>,
) => boolean;

const CLAUSE = /^(attribute:[\w.:-]+|ec2InstanceId)\s*(==|!=|in|not_in)\s*(\[[^\]]*\]|[^\s\]]+)$/;

function parseClause(text: string): PlacementExpression {
  const match = CLAUSE.exec(text.trim());
  if (!match) {
    throw ecsError.invalid(
      `The simulator cannot evaluate the placement constraint expression '${text.trim()}': use attribute:<name> ==, !=, in [...] or not_in [...].`,
    );
  }
  const [, subject, operator, operand] = match;
  const values = operand.startsWith('[')
    ? operand
        .slice(1, -1)
        .split(',')
        .map((value) => value.trim())
        .filter(Boolean)
    : [operand];
  const read = (instance: Pick<ContainerInstanceRecord, 'attributes' | 'ec2InstanceId'>) =>
    subject === 'ec2InstanceId'
      ? instance.ec2InstanceId
      : instance.attributes[subject.slice('attribute:'.length)];
  const positive = operator === '==' || operator === 'in';
  return (instance) => values.includes(read(instance) ?? '') === positive;
}

/** Parses a memberOf expression; throws InvalidParameterException for what it does not model. */
export function parsePlacementExpression(expression: string): PlacementExpression {
  const alternatives = expression
    .split(/\s+or\s+/i)
    .map((alternative) => alternative.split(/\s+and\s+/i).map(parseClause));
  return (instance) => alternatives.some((clauses) => clauses.every((clause) => clause(instance)));
}

/**
 * CreateService/UpdateService checks of placementStrategy and placementConstraints: known types and
 * fields, and memberOf expressions the simulator can evaluate; throws InvalidParameterException.
 */
export function checkPlacementParameters(strategy: unknown, constraints: unknown): void {
  for (const entry of Array.isArray(strategy) ? (strategy as Record<string, unknown>[]) : []) {
    if (!['binpack', 'spread', 'random'].includes(String(entry.type))) {
      throw ecsError.invalid(`Invalid placement strategy type '${String(entry.type)}'.`);
    }
    if (entry.type === 'binpack' && !['cpu', 'memory'].includes(String(entry.field))) {
      throw ecsError.invalid('binpack placement strategy field must be cpu or memory.');
    }
  }
  for (const entry of Array.isArray(constraints) ? (constraints as Record<string, unknown>[]) : []) {
    if (entry.type === 'memberOf') parsePlacementExpression(String(entry.expression ?? ''));
    else if (entry.type !== 'distinctInstance') {
      throw ecsError.invalid(`Invalid placement constraint type '${String(entry.type)}'.`);
    }
  }
}
