/**
 * Server-side printing: `kubectl get` without `-o json/yaml` asks for `meta.k8s.io/v1 Table`
 * (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io,…`). Columns follow the real server's
 * printers for the kinds this fixture serves; others get `Name`/`Age`.
 */

type Col = { name: string; type: string; format?: string; description: string; priority: number };

export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

const NAME: Col = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
};
const AGE: Col = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
};
const col = (name: string, type: string, priority = 0, description = ''): Col => ({
  name,
  type,
  description,
  priority,
});

function age(obj: any, now: number): string {
  const t = Date.parse(obj?.metadata?.creationTimestamp ?? '');
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

interface Printer {
  columns: Col[];
  row(obj: any, now: number): unknown[];
}

const PRINTERS: Record<string, Printer> = {
  pods: {
    columns: [
      NAME,
      col('Ready', 'string'),
      col('Status', 'string'),
      col('Restarts', 'string'),
      AGE,
      col('IP', 'string', 1),
      col('Node', 'string', 1),
      col('Nominated Node', 'string', 1),
      col('Readiness Gates', 'string', 1),
    ],
    row(o, now) {
      const statuses: any[] = o.status?.containerStatuses ?? [];
      const ready = statuses.filter((s) => s.ready).length;
      let reason = o.status?.phase ?? 'Unknown';
      let restarts = 0;
      let lastRestart: number | undefined;
      for (const s of statuses) {
        restarts += s.restartCount ?? 0;
        if (s.state?.waiting?.reason) reason = s.state.waiting.reason;
        const fin = Date.parse(s.lastState?.terminated?.finishedAt ?? '');
        if (!Number.isNaN(fin)) lastRestart = Math.max(lastRestart ?? 0, fin);
      }
      const restartText =
        restarts > 0 && lastRestart !== undefined
          ? `${restarts} (${humanDuration(now - lastRestart)} ago)`
          : String(restarts);
      return [
        o.metadata.name,
        `${ready}/${(o.spec?.containers ?? []).length}`,
        reason,
        restartText,
        age(o, now),
        o.status?.podIP ?? '<none>',
        o.spec?.nodeName ?? '<none>',
        '<none>',
        '<none>',
      ];
    },
  },
  nodes: {
    columns: [
      NAME,
      col('Status', 'string'),
      col('Roles', 'string'),
      AGE,
      col('Version', 'string'),
      col('Internal-IP', 'string', 1),
      col('External-IP', 'string', 1),
      col('OS-Image', 'string', 1),
      col('Kernel-Version', 'string', 1),
      col('Container-Runtime', 'string', 1),
    ],
    row(o, now) {
      const ready = (o.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
      const roles = Object.keys(o.metadata?.labels ?? {})
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.slice('node-role.kubernetes.io/'.length));
      const info = o.status?.nodeInfo ?? {};
      const ip = (t: string) => (o.status?.addresses ?? []).find((a: any) => a.type === t)?.address ?? '<none>';
      return [
        o.metadata.name,
        ready?.status === 'True' ? 'Ready' : 'NotReady',
        roles.length ? roles.join(',') : '<none>',
        age(o, now),
        info.kubeletVersion,
        ip('InternalIP'),
        ip('ExternalIP'),
        info.osImage,
        info.kernelVersion,
        info.containerRuntimeVersion,
      ];
    },
  },
  daemonsets: {
    columns: [
      NAME,
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      col('Node Selector', 'string'),
      AGE,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    row(o, now) {
      const s = o.status ?? {};
      const sel =
        Object.entries(o.spec?.template?.spec?.nodeSelector ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',') || '<none>';
      const cs: any[] = o.spec?.template?.spec?.containers ?? [];
      const match = Object.entries(o.spec?.selector?.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return [
        o.metadata.name,
        s.desiredNumberScheduled ?? 0,
        s.currentNumberScheduled ?? 0,
        s.numberReady ?? 0,
        s.updatedNumberScheduled ?? 0,
        s.numberAvailable ?? 0,
        sel,
        age(o, now),
        cs.map((c) => c.name).join(','),
        cs.map((c) => c.image).join(','),
        match,
      ];
    },
  },
  deployments: {
    columns: [
      NAME,
      col('Ready', 'string'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      AGE,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    row(o, now) {
      const s = o.status ?? {};
      const cs: any[] = o.spec?.template?.spec?.containers ?? [];
      const match = Object.entries(o.spec?.selector?.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return [
        o.metadata.name,
        `${s.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`,
        s.updatedReplicas ?? 0,
        s.availableReplicas ?? 0,
        age(o, now),
        cs.map((c) => c.name).join(','),
        cs.map((c) => c.image).join(','),
        match,
      ];
    },
  },
  configmaps: {
    columns: [NAME, col('Data', 'integer'), AGE],
    row: (o, now) => [
      o.metadata.name,
      Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length,
      age(o, now),
    ],
  },
  namespaces: {
    columns: [NAME, col('Status', 'string'), AGE],
    row: (o, now) => [o.metadata.name, o.status?.phase ?? 'Active', age(o, now)],
  },
  customresourcedefinitions: {
    columns: [NAME, col('Created At', 'date')],
    row: (o) => [o.metadata.name, o.metadata.creationTimestamp],
  },
};

const GENERIC: Printer = { columns: [NAME, AGE], row: (o, now) => [o.metadata.name, age(o, now)] };

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').includes('as=Table');
}

export function toTable(
  plural: string,
  items: any[],
  opts: { now: number; resourceVersion: string; includeObject: string },
): Record<string, unknown> {
  const p = PRINTERS[plural] ?? GENERIC;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: opts.resourceVersion },
    columnDefinitions: p.columns,
    rows: items.map((o) => ({
      cells: p.row(o, opts.now),
      object:
        opts.includeObject === 'Object'
          ? o
          : opts.includeObject === 'None'
            ? null
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
