/**
 * Rule conditions: host-header and path-pattern in both the legacy `Values` form (a single value)
 * and the `HostHeaderConfig`/`PathPatternConfig` form; http-header, http-request-method, query-string
 * and source-ip in their config forms. Responses carry both forms for host-header and path-pattern, as AWS's do.
 */
import {
  optionalStringList,
  optionalStruct,
  optionalStructList,
  requiredString,
  validationError,
  type QueryParams,
} from './params.js';
import type { ConditionRecord } from './records.js';

const CONFIG_NAMES: Record<string, string> = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-header': 'HttpHeaderConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'query-string': 'QueryStringConfig',
  'source-ip': 'SourceIpConfig',
};

/** AWS's quota of condition values per rule. */
const MAX_CONDITION_VALUES = 5;

/** Fields that may appear at most once per rule. */
const SINGLE_FIELDS = ['host-header', 'path-pattern', 'http-request-method', 'source-ip'];

/** Parses and validates the `Conditions` of CreateRule/ModifyRule. */
export function parseConditions(params: QueryParams): ConditionRecord[] | undefined {
  const conditions = optionalStructList(params, 'Conditions');
  if (conditions === undefined) return undefined;
  const parsed = conditions.map((condition, index) => parseCondition(condition, index + 1));
  const values = parsed.reduce(
    (sum, condition) => sum + condition.values.length + (condition.queryStrings?.length ?? 0),
    0,
  );
  if (values > MAX_CONDITION_VALUES) {
    throw validationError(`a rule takes at most ${MAX_CONDITION_VALUES} condition values, got ${values}`);
  }
  for (const field of SINGLE_FIELDS) {
    if (parsed.filter((condition) => condition.field === field).length > 1) {
      throw validationError(`a rule can have only one '${field}' condition`);
    }
  }
  return parsed;
}

function parseCondition(condition: QueryParams, position: number): ConditionRecord {
  const field = requiredString(condition, 'Field');
  const configName = CONFIG_NAMES[field];
  if (!configName) {
    throw validationError(
      `Conditions member ${position}: Field must be one of ${Object.keys(CONFIG_NAMES).join(', ')}, got '${field}'`,
    );
  }
  const legacy = optionalStringList(condition, 'Values');
  const config = optionalStruct(condition, configName);
  if (legacy !== undefined && config !== undefined) {
    throw validationError(`Conditions member ${position}: specify either Values or ${configName}, not both`);
  }
  if (legacy !== undefined) {
    if (field !== 'host-header' && field !== 'path-pattern') {
      throw validationError(`Conditions member ${position}: '${field}' conditions need ${configName}`);
    }
    if (legacy.length !== 1) {
      throw validationError(
        `Conditions member ${position}: Values takes exactly one value; use ${configName} for several`,
      );
    }
    return { field, values: legacy };
  }
  if (config === undefined) throw validationError(`Conditions member ${position}: ${configName} is required`);
  if (field === 'query-string') {
    const pairs = optionalStructList(config, 'Values') ?? [];
    if (pairs.length === 0)
      throw validationError(`Conditions member ${position}: QueryStringConfig needs values`);
    return {
      field,
      values: [],
      queryStrings: pairs.map((pair) => ({
        Key: typeof pair.Key === 'string' ? pair.Key : undefined,
        Value: requiredString(pair, 'Value'),
      })),
    };
  }
  const values = optionalStringList(config, 'Values') ?? [];
  if (values.length === 0)
    throw validationError(`Conditions member ${position}: ${configName}.Values is empty`);
  for (const value of values) {
    if (value.length > 128)
      throw validationError(`Conditions member ${position}: '${value}' is over 128 characters`);
  }
  if (field === 'path-pattern' && values.some((value) => !value.startsWith('/') && !value.startsWith('*'))) {
    throw validationError(`Conditions member ${position}: path patterns start with '/' or '*'`);
  }
  if (field === 'http-header') {
    return { field, values, httpHeaderName: requiredString(config, 'HttpHeaderName') };
  }
  return { field, values };
}

/** A condition in the wire shape of DescribeRules. */
export function renderCondition(condition: ConditionRecord): Record<string, unknown> {
  const configName = CONFIG_NAMES[condition.field];
  if (condition.field === 'query-string') {
    return { Field: condition.field, [configName]: { Values: condition.queryStrings ?? [] } };
  }
  if (condition.field === 'http-header') {
    return {
      Field: condition.field,
      [configName]: { HttpHeaderName: condition.httpHeaderName, Values: condition.values },
    };
  }
  const both = condition.field === 'host-header' || condition.field === 'path-pattern';
  return {
    Field: condition.field,
    Values: both ? condition.values : undefined,
    [configName]: { Values: condition.values },
  };
}
