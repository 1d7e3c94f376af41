// The Kubernetes manifests, checked offline: schema-valid for their API versions, and consistent with what the server does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ROOT } from './helpers/start-server.js';

const DIR = path.join(ROOT, 'deploy', 'kubernetes');

function load(file: string): any {
  const docs = parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8'));
  expect(docs).toHaveLength(1);
  expect(docs[0]!.errors).toEqual([]);
  return docs[0]!.toJS();
}

/** Fields of a container we rely on; an unknown key (a typo such as readinessProbes) is refused, which the schemas allow. */
const CONTAINER_KEYS = new Set(['name', 'image', 'imagePullPolicy', 'command', 'args', 'ports', 'env', 'resources', 'readinessProbe', 'livenessProbe', 'startupProbe', 'lifecycle']);

describe('deploy/kubernetes', () => {
  const deployment = load('deployment.yaml');
  const service = load('service.yaml');
  const hpa = load('hpa.yaml');
  const pdb = load('pdb.yaml');

  it('validates against the Kubernetes JSON schemas of each kind', () => {
    expect(() => new Deployment(deployment).validate()).not.toThrow();
    expect(() => new Service(service).validate()).not.toThrow();
    expect(() => new HorizontalPodAutoscaler(hpa).validate()).not.toThrow();
    expect(() => new PodDisruptionBudget(pdb).validate()).not.toThrow();
    // The check can fail: a wrong type is refused.
    expect(() => new Deployment({ ...deployment, spec: { ...deployment.spec, replicas: 'two' } }).validate()).toThrow();
  });

  it('probes readiness on /ready and liveness on /health, on the port the server listens on', () => {
    const container = deployment.spec.template.spec.containers[0];
    for (const key of Object.keys(container)) expect(CONTAINER_KEYS, `unknown container field ${key}`).toContain(key);
    const env = Object.fromEntries(container.env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
    expect(container.ports[0].containerPort).toBe(Number(env.PORT));
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    // Termination: the preStop wait plus the drain must fit in the grace period, or the kubelet kills mid-drain.
    const preStop = Number(container.lifecycle.preStop.exec.command[1]);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(preStop + Number(env.OPENENV_SHUTDOWN_GRACE_S));
  });

  it('sets only environment variables the server reads', () => {
    const usage = readFileSync(path.join(ROOT, 'framework', 'src', 'tools', 'cli', 'usage.ts'), 'utf8');
    for (const { name } of deployment.spec.template.spec.containers[0].env) expect(usage, `${name} is not read by the CLI`).toContain(name);
  });

  it('ties the Service, autoscaler and disruption budget to the Deployment and its pods', () => {
    const podLabels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(podLabels);
    expect(service.spec.selector).toEqual(podLabels);
    expect(pdb.spec.selector.matchLabels).toEqual(podLabels);
    expect(service.spec.ports[0].targetPort).toBe(deployment.spec.template.spec.containers[0].ports[0].name);
    expect(hpa.spec.scaleTargetRef).toMatchObject({ apiVersion: deployment.apiVersion, kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThan(pdb.spec.maxUnavailable);
  });
});
