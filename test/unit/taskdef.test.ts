import {
  describeDiff,
  diffTaskDefinitions,
  imageReferenceProblem,
  isMovingTag,
  loadTaskDefinitionText,
  parseImageReference,
  renderTaskDefinition,
  sameTaskDefinition,
  substituteVariables,
  TaskDefinitionError,
  TaskDefinitionFileError,
  type TaskDefinitionInput,
} from '../../src/taskdef/index.js';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

function twoContainers(): TaskDefinitionInput {
  return {
    family: 'shop-web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: `${ECR}/shop:v1`,
        environment: [
          { name: 'MODE', value: 'production' },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
        secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }],
        portMappings: [{ containerPort: 8080 }],
      },
      { name: 'nginx', image: 'nginx:1.27', portMappings: [{ containerPort: 80 }] },
    ],
  };
}

describe('renderTaskDefinition', () => {
  test('replaces images by container name, several at once, leaving the base untouched', () => {
    const base = twoContainers();
    const rendered = renderTaskDefinition(base, {
      images: new Map([
        ['web', `${ECR}/shop:v2`],
        ['nginx', 'nginx:1.28'],
      ]),
    });
    expect(rendered.containerDefinitions?.map((c) => c.image)).toEqual([`${ECR}/shop:v2`, 'nginx:1.28']);
    expect(base.containerDefinitions?.[0].image).toBe(`${ECR}/shop:v1`);
  });

  test('an unknown container names the containers there', () => {
    expect(() => renderTaskDefinition(twoContainers(), { images: new Map([['api', 'nginx:1']]) })).toThrow(
      /container 'api' is not in task definition shop-web \(containers: web, nginx\)/,
    );
  });

  test('merges environment by name, else appends, per container', () => {
    const rendered = renderTaskDefinition(twoContainers(), {
      environment: [
        { container: 'web', name: 'LOG_LEVEL', value: 'debug' },
        { container: 'web', name: 'FEATURE', value: 'on' },
        { container: 'nginx', name: 'WORKERS', value: '4' },
      ],
    });
    expect(rendered.containerDefinitions?.[0].environment).toEqual([
      { name: 'MODE', value: 'production' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'FEATURE', value: 'on' },
    ]);
    expect(rendered.containerDefinitions?.[1].environment).toEqual([{ name: 'WORKERS', value: '4' }]);
  });

  test('replace mode sets the whole environment and secrets list', () => {
    const rendered = renderTaskDefinition(twoContainers(), {
      environment: [{ container: 'web', name: 'ONLY', value: '1' }],
      secrets: [{ container: 'web', name: 'TOKEN', value: 'arn:aws:secretsmanager:us-east-1:1:secret:t' }],
      replaceEnvironment: true,
      replaceSecrets: true,
    });
    expect(rendered.containerDefinitions?.[0].environment).toEqual([{ name: 'ONLY', value: '1' }]);
    expect(rendered.containerDefinitions?.[0].secrets).toEqual([
      { name: 'TOKEN', valueFrom: 'arn:aws:secretsmanager:us-east-1:1:secret:t' },
    ]);
  });

  test('secrets merge by name', () => {
    const rendered = renderTaskDefinition(twoContainers(), {
      defaultContainer: 'web',
      secrets: [{ name: 'DB_PASSWORD', value: 'arn:new' }],
    });
    expect(rendered.containerDefinitions?.[0].secrets).toEqual([
      { name: 'DB_PASSWORD', valueFrom: 'arn:new' },
    ]);
  });

  test('an unprefixed variable needs a container when there are several', () => {
    expect(() => renderTaskDefinition(twoContainers(), { environment: [{ name: 'X', value: '1' }] })).toThrow(
      /'X' must name its container, e\.g\. web:X=/,
    );
    const single = renderTaskDefinition(
      { family: 'f', containerDefinitions: [{ name: 'app', image: 'nginx' }] },
      { environment: [{ name: 'X', value: '1' }] },
    );
    expect(single.containerDefinitions?.[0].environment).toEqual([{ name: 'X', value: '1' }]);
  });

  test('sets cpu, memory and tags; numeric task sizes become strings', () => {
    const base = { ...twoContainers(), cpu: 256 as unknown as string, tags: [{ key: 'team', value: 'a' }] };
    const rendered = renderTaskDefinition(base, {
      memory: '2 GB',
      tags: [
        { key: 'team', value: 'b' },
        { key: 'cost', value: 'shop' },
      ],
    });
    expect(rendered.cpu).toBe('256');
    expect(rendered.memory).toBe('2 GB');
    expect(rendered.tags).toEqual([
      { key: 'team', value: 'b' },
      { key: 'cost', value: 'shop' },
    ]);
  });

  test('placeholders and missing images fail with the JSON path of the image', () => {
    const base: TaskDefinitionInput = {
      family: 'f',
      containerDefinitions: [{ name: 'app', image: '<IMAGE1_NAME>' }],
    };
    try {
      renderTaskDefinition(base);
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(TaskDefinitionError);
      expect((error as TaskDefinitionError).path).toEqual(['containerDefinitions', 0, 'image']);
      expect((error as Error).message).toMatch(/unreplaced placeholder.*images input \(app=<image>\)/);
    }
    expect(() => renderTaskDefinition({ family: 'f', containerDefinitions: [{ name: 'app' }] })).toThrow(
      /image is missing/,
    );
    expect(() =>
      renderTaskDefinition({
        family: 'f',
        cpu: '__TASK_CPU__',
        containerDefinitions: [{ name: 'app', image: 'a' }],
      }),
    ).toThrow(/task cpu '__TASK_CPU__'/);
  });
});

describe('image references', () => {
  test.each([
    [`${ECR}/shop:v1`, { registry: ECR, repository: 'shop', tag: 'v1' }],
    ['nginx', { repository: 'nginx' }],
    ['nginx/unit:1.2', { repository: 'nginx/unit', tag: '1.2' }],
    [
      'localhost:5000/a/b@sha256:' + 'a'.repeat(64),
      { registry: 'localhost:5000', repository: 'a/b', digest: 'sha256:' + 'a'.repeat(64) },
    ],
    [
      'public.ecr.aws/datadog/agent:7.34.0',
      { registry: 'public.ecr.aws', repository: 'datadog/agent', tag: '7.34.0' },
    ],
  ])('%s parses', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expect.objectContaining(expected));
  });

  test.each([
    'Shop:v1',
    'shop:',
    'shop::v1',
    'a b',
    '${IMAGE}',
    '%REPO%:v_%N%',
    '',
    'shop:' + 'x'.repeat(129),
  ])('%j is rejected', (reference) => {
    expect(imageReferenceProblem(reference)).toBeDefined();
  });

  test('moving tags', () => {
    expect(isMovingTag('nginx')).toBe(true);
    expect(isMovingTag(`${ECR}/shop:latest`)).toBe(true);
    expect(isMovingTag(`${ECR}/shop:v1`)).toBe(false);
    expect(isMovingTag(`${ECR}/shop:latest@sha256:${'b'.repeat(64)}`)).toBe(false);
  });
});

describe('loading files', () => {
  test('unwraps describe-task-definition output and strips read-only fields', () => {
    const text = JSON.stringify(
      {
        taskDefinition: {
          taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/f:3',
          family: 'f',
          revision: 3,
          status: 'ACTIVE',
          requiresAttributes: [{ name: 'x' }],
          compatibilities: ['EC2'],
          registeredAt: '2024-01-01T00:00:00Z',
          registeredBy: 'me',
          containerDefinitions: [{ name: 'app', image: 'nginx', hostname: null }],
        },
        tags: [{ key: 'team', value: 'a' }],
      },
      null,
      2,
    );
    const loaded = loadTaskDefinitionText('td.json', text);
    expect(loaded.taskDefinition).toEqual({
      family: 'f',
      containerDefinitions: [{ name: 'app', image: 'nginx' }],
      tags: [{ key: 'team', value: 'a' }],
    });
    expect(loaded.stripped).toEqual([
      'taskDefinition.taskDefinitionArn',
      'taskDefinition.revision',
      'taskDefinition.status',
      'taskDefinition.requiresAttributes',
      'taskDefinition.compatibilities',
      'taskDefinition.registeredAt',
      'taskDefinition.registeredBy',
    ]);
    expect(loaded.locate(['containerDefinitions', 0, 'image'])).toEqual({ line: 20, column: 18 });
  });

  test('invalid JSON reports line and column', () => {
    const error = catchError(() => loadTaskDefinitionText('td.json', '{\n  "family": "f",\n  "x": [1,,]\n}'));
    expect(error).toBeInstanceOf(TaskDefinitionFileError);
    expect((error as TaskDefinitionFileError).position).toEqual({ line: 3, column: 11 });
    expect((error as Error).message).toMatch(/^td\.json:3:11: invalid JSON/);
  });

  test('YAML loads, and invalid YAML reports line and column', () => {
    const yaml = 'family: f\ncontainerDefinitions:\n  - name: app\n    image: nginx:1.27\n';
    expect(loadTaskDefinitionText('td.yaml', yaml).taskDefinition.containerDefinitions?.[0].image).toBe(
      'nginx:1.27',
    );
    const error = catchError(() =>
      loadTaskDefinitionText('td.yml', 'family: f\ncontainerDefinitions:\n  - name: [app\n'),
    );
    expect((error as TaskDefinitionFileError).position?.line).toBeGreaterThanOrEqual(3);
    expect((error as Error).message).toMatch(/invalid YAML/);
  });

  test('shape problems name the path and position', () => {
    const text =
      '{\n  "family": "f",\n  "containerDefinitions": [\n    {"name": "a", "image": "x"},\n    {"name": "a"}\n  ]\n}';
    const error = catchError(() => loadTaskDefinitionText('td.json', text)) as TaskDefinitionFileError;
    expect(error.message).toBe(
      "td.json:5:14: containerDefinitions[1].name: container name 'a' is used twice",
    );
    expect(() =>
      loadTaskDefinitionText('td.json', '{"family":"f","containerDefinitions":[],"foo":1}'),
    ).toThrow(/unknown field 'foo'/);
    expect(() => loadTaskDefinitionText('td.json', '{"containerDefinitions":[{"name":"a"}]}')).toThrow(
      /family is required/,
    );
  });
});

describe('normalisation and diff', () => {
  test('what ECS returns for a registered file counts as unchanged', () => {
    const file = twoContainers();
    const registered = {
      ...file,
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:7',
      revision: 7,
      status: 'ACTIVE',
      volumes: [],
      placementConstraints: [],
      tags: [{ key: 'ecs-kit:commit', value: 'abc' }],
      containerDefinitions: [
        {
          name: 'nginx',
          image: 'nginx:1.27',
          cpu: 0,
          essential: true,
          mountPoints: [],
          volumesFrom: [],
          portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
        },
        {
          ...file.containerDefinitions![0],
          cpu: 0,
          essential: true,
          environment: [...file.containerDefinitions![0].environment!].reverse(),
          portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
        },
      ],
    } as TaskDefinitionInput;
    expect(sameTaskDefinition(file, registered)).toBe(true);
    expect(sameTaskDefinition({ ...file, cpu: '0.25 vCPU' }, registered)).toBe(true);
    const withCheck = (healthCheck: Record<string, unknown>) =>
      ({
        family: 'f',
        containerDefinitions: [{ name: 'a', image: 'nginx', healthCheck }],
      }) as unknown as TaskDefinitionInput;
    expect(
      sameTaskDefinition(
        withCheck({ command: ['CMD', 'true'] }),
        withCheck({ command: ['CMD', 'true'], interval: 30, timeout: 5, retries: 3 }),
      ),
    ).toBe(true);
    expect(
      sameTaskDefinition(
        withCheck({ command: ['CMD', 'true'] }),
        withCheck({ command: ['CMD', 'true'], retries: 5 }),
      ),
    ).toBe(false);
    expect(
      sameTaskDefinition(
        renderTaskDefinition(file, { images: new Map([['web', `${ECR}/shop:v2`]]) }),
        registered,
      ),
    ).toBe(false);
  });

  test('the diff lists images, environment names and sizes, never values', () => {
    const before = twoContainers();
    const after = renderTaskDefinition(before, {
      images: new Map([['web', `${ECR}/shop:v2`]]),
      environment: [
        { container: 'web', name: 'LOG_LEVEL', value: 'super-secret-debug' },
        { container: 'web', name: 'NEW', value: 'x' },
      ],
      secrets: [
        { container: 'web', name: 'DB_PASSWORD', value: 'arn:aws:ssm:us-east-1:123456789012:parameter/db2' },
      ],
      cpu: '512',
    });
    after.containerDefinitions![0].environment = after.containerDefinitions![0].environment!.filter(
      (e) => e.name !== 'MODE',
    );
    const diff = diffTaskDefinitions(before, after);
    expect(diff.changed).toBe(true);
    expect(diff.cpu).toEqual({ before: '256', after: '512' });
    expect(diff.containers).toEqual([
      {
        name: 'web',
        image: { before: `${ECR}/shop:v1`, after: `${ECR}/shop:v2` },
        environment: { added: ['NEW'], removed: ['MODE'], changed: ['LOG_LEVEL'] },
        secrets: { added: [], removed: [], changed: ['DB_PASSWORD'] },
        fields: [],
      },
    ]);
    const text = describeDiff(diff).join('\n');
    expect(text).toContain(`web image: ${ECR}/shop:v1 → ${ECR}/shop:v2`);
    expect(text).toContain('web environment: added NEW; removed MODE; changed LOG_LEVEL');
    expect(text).not.toMatch(/super-secret|parameter\/db2|production/);
    expect(describeDiff(diffTaskDefinitions(before, before))).toEqual(['no changes']);
  });
});

describe('template variables and repairs', () => {
  test('fills ${NAME}, <NAME>, __NAME__ and %NAME% in values, leaving unknown placeholders', () => {
    const template: TaskDefinitionInput = {
      family: '<family>',
      cpu: '__TASK_CPU__',
      memory: '512',
      containerDefinitions: [
        {
          name: 'app',
          image: '%REPOSITORY_URI%:v_%BUILD_NUMBER%',
          environment: [{ name: 'URL', value: 'https://${HOST}/x' }],
        },
      ],
    };
    const rendered = renderTaskDefinition(template, {
      variables: new Map([
        ['family', 'shop-web'],
        ['TASK_CPU', '256'],
        ['REPOSITORY_URI', `${ECR}/shop`],
        ['BUILD_NUMBER', '42'],
        ['HOST', 'example.com'],
      ]),
    });
    expect(rendered.family).toBe('shop-web');
    expect(rendered.cpu).toBe('256');
    expect(rendered.containerDefinitions?.[0].image).toBe(`${ECR}/shop:v_42`);
    expect(rendered.containerDefinitions?.[0].environment).toEqual([
      { name: 'URL', value: 'https://example.com/x' },
    ]);
    expect(() => renderTaskDefinition(template)).toThrow(/family '<family>' may only hold letters/);
    expect(() => substituteVariables('${A}${B}', new Map([['A', '$&']]))).not.toThrow();
    expect(substituteVariables('${A}${B}', new Map([['A', '$&']]))).toBe('$&${B}');
  });

  test('a secret written with value is repaired to valueFrom, with a located warning', () => {
    const text =
      '{"family": "f", "containerDefinitions": [{"name": "a", "image": "nginx",\n "secrets": [{"name": "S", "value": "arn:aws:ssm:us-east-1:1:parameter/s"}]}]}';
    const loaded = loadTaskDefinitionText('td.json', text);
    expect(loaded.taskDefinition.containerDefinitions?.[0].secrets).toEqual([
      { name: 'S', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/s' },
    ]);
    expect(loaded.warnings).toEqual([
      {
        message:
          "containerDefinitions[0].secrets[0]: secret 'S' has 'value' instead of 'valueFrom'; using it as valueFrom",
        position: { line: 2, column: 14 },
      },
    ]);
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
