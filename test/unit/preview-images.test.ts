/** planPreviewImages: which template container gets which of the pull request's images. */
import fc from 'fast-check';
import { planPreviewImages, type PreviewImage } from '../../src/preview/container-images.js';

const template = {
  family: 'shop-web',
  containerDefinitions: [
    { name: 'proxy', image: 'proxy:v1' },
    { name: 'web', image: 'shop:v1' },
  ],
};
const entry = (container: string, image: string, input = 'images', required = true): PreviewImage => ({
  container,
  image,
  input,
  required,
});

test('a lone image goes to the load-balanced container; later entries win per container', () => {
  const plan = planPreviewImages(
    [
      entry('web', 'shop@sha256:1', 'built-images'),
      entry('proxy', 'proxy@sha256:1'),
      entry('', 'shop:pr', 'image'),
    ],
    template,
    'web',
  );
  expect(Object.fromEntries(plan.images)).toEqual({ web: 'shop:pr', proxy: 'proxy@sha256:1' });
  expect(plan.skipped).toEqual([]);
});

test('a required container the template lacks names its input; an environment-wide one is skipped', () => {
  expect(() => planPreviewImages([entry('sidecar', 'x:1', 'built-images')], template, 'web')).toThrow(
    "input 'built-images': container 'sidecar' is not in the template's task definition shop-web (containers: proxy, web)",
  );
  const plan = planPreviewImages(
    [entry('web', 'shop:pr'), entry('worker', 'node:pr', 'built-images', false)],
    template,
    'web',
  );
  expect(plan.skipped.map((skipped) => skipped.container)).toEqual(['worker']);
  expect(() =>
    planPreviewImages([entry('worker', 'node:pr', 'built-images', false)], template, 'web'),
  ).toThrow(
    "input 'built-images': no container of the template's task definition shop-web takes these images",
  );
});

test('every planned container is one of the template and holds the last image given for it', () => {
  const container = fc.constantFrom('proxy', 'web', '', 'worker');
  const entries = fc.array(
    fc.record({
      container,
      image: fc.stringMatching(/^[a-z]{1,6}:[a-z0-9]{1,4}$/),
      input: fc.constant('images'),
      required: fc.constant(false),
    }),
    { minLength: 1, maxLength: 8 },
  );
  fc.assert(
    fc.property(entries, (list) => {
      let plan;
      try {
        plan = planPreviewImages(list, template, 'web');
      } catch {
        return list.every((item) => item.container === 'worker');
      }
      for (const [name, image] of plan.images) {
        expect(['proxy', 'web']).toContain(name);
        const last = list.filter((item) => (item.container || 'web') === name).at(-1);
        expect(image).toBe(last?.image);
      }
      return true;
    }),
  );
});
