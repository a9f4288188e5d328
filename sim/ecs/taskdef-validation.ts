/**
 * RegisterTaskDefinition validation, following the AWS API reference: family name rules, containers with
 * a unique name and an image, Fargate's awsvpc and cpu/memory table, memory on EC2, and no unknown keys.
 */
import { ecsError } from './state.js';

/** The members of RegisterTaskDefinitionRequest (API reference); anything else is refused. */
const REQUEST_KEYS = new Set([
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
]);

/** Fargate's supported task sizes: cpu units → allowed memory MiB (Fargate task size table). */
const FARGATE_SIZES: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

/** Task cpu as units: "256", 256 or "0.25 vCPU"; undefined when absent, NaN when malformed. */
export function cpuUnits(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  const vcpu = /^(\d+(?:\.\d+)?)\s*vcpu$/i.exec(text);
  if (vcpu) return Math.round(Number(vcpu[1]) * 1024);
  return /^\d+$/.test(text) ? Number(text) : NaN;
}

/** Task memory in MiB: "512", 512 or "1 GB"; undefined when absent, NaN when malformed. */
export function memoryMiB(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  const gb = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text);
  if (gb) return Math.round(Number(gb[1]) * 1024);
  return /^\d+$/.test(text) ? Number(text) : NaN;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Throws ClientException when a request member is not part of RegisterTaskDefinitionRequest. */
function checkKeys(request: Record<string, unknown>): void {
  for (const key of Object.keys(request)) {
    if (!REQUEST_KEYS.has(key)) throw ecsError.client(`Unexpected key '${key}' found in params.`);
  }
}

function checkFamily(family: unknown): void {
  if (typeof family !== 'string' || family === '') throw ecsError.client('Family must not be empty.');
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) {
    throw ecsError.client(
      'Family contains invalid characters: up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.',
    );
  }
}

function checkContainers(containers: unknown): Record<string, unknown>[] {
  if (!Array.isArray(containers) || containers.length === 0) {
    throw ecsError.client('Container list cannot be empty.');
  }
  const seen = new Set<string>();
  for (const container of containers) {
    if (!isRecord(container)) throw ecsError.client('Container definition must be an object.');
    if (typeof container.name !== 'string' || container.name === '') {
      throw ecsError.client('Container.name should not be null or empty.');
    }
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(container.name)) {
      throw ecsError.client(`Container name '${container.name}' contains invalid characters.`);
    }
    if (typeof container.image !== 'string' || container.image.trim() === '') {
      throw ecsError.client('Container.image should not be null or empty.');
    }
    if (seen.has(container.name)) {
      throw ecsError.client(`Duplicate container name '${container.name}': container names must be unique.`);
    }
    seen.add(container.name);
  }
  return containers as Record<string, unknown>[];
}

function checkFargate(request: Record<string, unknown>): void {
  if ((request.networkMode ?? 'bridge') !== 'awsvpc') {
    throw ecsError.client('Fargate only supports network mode \u2018awsvpc\u2019.');
  }
  const cpu = cpuUnits(request.cpu);
  const memory = memoryMiB(request.memory);
  if (cpu === undefined) throw ecsError.client("Fargate requires that 'cpu' be defined at the task level.");
  if (memory === undefined)
    throw ecsError.client("Fargate requires that 'memory' be defined at the task level.");
  if (!FARGATE_SIZES[cpu]?.includes(memory)) {
    throw ecsError.client(
      `No Fargate configuration exists for given values: ${String(request.cpu)} CPU, ${String(request.memory)} memory. See the Amazon ECS documentation for the valid values.`,
    );
  }
}

function checkEc2Memory(request: Record<string, unknown>, containers: Record<string, unknown>[]): void {
  if (memoryMiB(request.memory) !== undefined) return;
  for (const container of containers) {
    if (container.memory === undefined && container.memoryReservation === undefined) {
      throw ecsError.client(
        `Invalid setting for container '${String(container.name)}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
      );
    }
  }
}

/** Validates a RegisterTaskDefinition request like AWS; throws ClientException with AWS-like messages. */
export function validateTaskDefinition(request: Record<string, unknown>): void {
  checkKeys(request);
  checkFamily(request.family);
  const containers = checkContainers(request.containerDefinitions);
  const networkMode = request.networkMode ?? 'bridge';
  if (!['bridge', 'host', 'awsvpc', 'none'].includes(String(networkMode))) {
    throw ecsError.client(`Invalid networkMode '${String(networkMode)}'.`);
  }
  if (Number.isNaN(cpuUnits(request.cpu))) throw ecsError.client(`Invalid 'cpu' setting for task.`);
  if (Number.isNaN(memoryMiB(request.memory))) throw ecsError.client(`Invalid 'memory' setting for task.`);
  const compatibilities = Array.isArray(request.requiresCompatibilities)
    ? (request.requiresCompatibilities as unknown[]).map(String)
    : [];
  for (const compatibility of compatibilities) {
    if (!['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'].includes(compatibility)) {
      throw ecsError.client(`Invalid requiresCompatibilities value '${compatibility}'.`);
    }
  }
  if (compatibilities.includes('FARGATE')) checkFargate(request);
  else checkEc2Memory(request, containers);
}
