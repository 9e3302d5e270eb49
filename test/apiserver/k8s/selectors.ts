/**
 * Label selectors (`k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`) and field
 * selectors (`f=v`, `f==v`, `f!=v`) as the API server applies them to lists.
 */

type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

export type Matcher = (labels: Record<string, string>) => boolean;

export class SelectorError extends Error {}

/** Splits at commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string, raw: string): string {
  if (!KEY.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}" in "${raw}"`);
  return key;
}

function checkValue(v: string, raw: string): string {
  if (!VALUE.test(v)) throw new SelectorError(`unable to parse requirement: invalid label value: "${v}" in "${raw}"`);
  return v;
}

export function parseLabelSelector(selector: string): Matcher {
  const reqs: Requirement[] = [];
  if (selector.trim() !== '') {
    for (const raw of splitTop(selector)) {
      const part = raw.trim();
      if (part === '')
        throw new SelectorError(`unable to parse requirement: found '', expected: identifier in "${selector}"`);
      let m = /^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
      if (m) {
        const values = m[3].split(',').map((v) => checkValue(v.trim(), selector));
        reqs.push({ op: m[2] as 'in' | 'notin', key: checkKey(m[1], selector), values });
        continue;
      }
      m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
      if (m) {
        reqs.push({
          op: m[2] === '!=' ? 'neq' : 'eq',
          key: checkKey(m[1], selector),
          value: checkValue(m[3], selector),
        });
        continue;
      }
      m = /^(!?)\s*([^=!\s()]+)$/.exec(part);
      if (m) {
        reqs.push({ op: m[1] === '!' ? 'notexists' : 'exists', key: checkKey(m[2], selector) });
        continue;
      }
      throw new SelectorError(
        `unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt in "${selector}"`,
      );
    }
  }
  return (labels) =>
    reqs.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const val = labels[r.key];
      switch (r.op) {
        case 'eq':
          return has && val === r.value;
        case 'neq':
          return !has || val !== r.value;
        case 'in':
          return has && r.values.includes(val);
        case 'notin':
          return !has || !r.values.includes(val);
        case 'exists':
          return has;
        case 'notexists':
          return !has;
      }
    });
}

export type FieldGetter = (obj: Record<string, unknown>, field: string) => string | undefined;

/**
 * Field selector against the fields a resource supports (`supported`); an unsupported field is a
 * 400 error like the real server's.
 */
export function parseFieldSelector(
  selector: string,
  supported: Record<string, (obj: any) => string>,
): (obj: any) => boolean {
  const reqs: Array<{ field: string; neq: boolean; value: string }> = [];
  if (selector.trim() !== '') {
    for (const raw of selector.split(',')) {
      const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(raw);
      if (!m) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${raw}'`);
      if (!(m[1] in supported)) throw new SelectorError(`field label not supported: ${m[1]}`);
      reqs.push({ field: m[1], neq: m[2] === '!=', value: m[3] });
    }
  }
  return (obj) =>
    reqs.every((r) => {
      const v = supported[r.field](obj);
      return r.neq ? v !== r.value : v === r.value;
    });
}

const META_FIELDS: Record<string, (o: any) => string> = {
  'metadata.name': (o) => o?.metadata?.name ?? '',
  'metadata.namespace': (o) => o?.metadata?.namespace ?? '',
};

export const FIELDS: Record<string, Record<string, (o: any) => string>> = {
  pods: {
    ...META_FIELDS,
    'spec.nodeName': (o) => o?.spec?.nodeName ?? '',
    'spec.restartPolicy': (o) => o?.spec?.restartPolicy ?? '',
    'spec.schedulerName': (o) => o?.spec?.schedulerName ?? '',
    'spec.serviceAccountName': (o) => o?.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': (o) => String(o?.spec?.hostNetwork === true),
    'status.phase': (o) => o?.status?.phase ?? '',
    'status.podIP': (o) => o?.status?.podIP ?? '',
    'status.nominatedNodeName': (o) => o?.status?.nominatedNodeName ?? '',
  },
  nodes: { ...META_FIELDS, 'spec.unschedulable': (o) => String(o?.spec?.unschedulable === true) },
  // `kubectl describe` lists events with these (there are no events in the fixture)
  events: {
    ...META_FIELDS,
    ...Object.fromEntries(
      ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((f) => [
        `involvedObject.${f}`,
        (o: any) => String(o?.involvedObject?.[f] ?? ''),
      ]),
    ),
    reason: (o) => o?.reason ?? '',
    reportingComponent: (o) => o?.reportingComponent ?? '',
    source: (o) => o?.source?.component ?? '',
    type: (o) => o?.type ?? '',
  },
  default: META_FIELDS,
};
