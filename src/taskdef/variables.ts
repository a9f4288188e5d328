/**
 * Template variables: many task definition files in the wild are templates (`${IMAGE}`, `<family>`,
 * `__TASK_CPU__`, `%REPOSITORY_URI%`) filled in with sed or envsubst before deploying. The `variables`
 * input fills them in instead: every string value of the task definition has `${NAME}`, `<NAME>`,
 * `__NAME__` and `%NAME%` replaced for each NAME given. Placeholders with no value stay, and the image,
 * family and name checks then point at them.
 */

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces the placeholders of the given variables in one string. */
export function substituteString(text: string, variables: Map<string, string>): string {
  let result = text;
  for (const [name, value] of variables) {
    const forms = [`\${${name}}`, `<${name}>`, `__${name}__`, `%${name}%`].map(escape).join('|');
    result = result.replace(new RegExp(forms, 'g'), () => value);
  }
  return result;
}

/** Replaces placeholders in every string value (not in keys) of a JSON-like value. */
export function substituteVariables<T>(value: T, variables: Map<string, string>): T {
  if (variables.size === 0) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return substituteString(item, variables);
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, walk(entry)]));
    return item;
  };
  return walk(value) as T;
}
