/** An invalid image reference says which part is wrong: registry host, repository, tag or digest. */
import { imageReferenceProblem } from '../../src/taskdef/image.js';

test.each([
  [
    'bad_host:5000/shop:v1',
    "has an invalid registry host 'bad_host:5000' (expected a host name with an optional :port)",
  ],
  [
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/Shop:v1',
    "has an invalid repository 'Shop' (expected lower-case parts of a-z and 0-9, separated by . _ __ or -, joined by /)",
  ],
  [
    'shop:v1!',
    "has an invalid tag 'v1!' (expected up to 128 letters, digits, _ . or -, not starting with . or -)",
  ],
  [
    'shop@sha256:abc',
    "has an invalid digest 'sha256:abc' (expected algorithm:hex, such as sha256: and 64 hex digits)",
  ],
])('%s', (reference, problem) => {
  expect(imageReferenceProblem(reference)).toBe(`'${reference}' ${problem}`);
});

test.each(['nginx:1.27', 'localhost:5000/x:1', `shop:v1@sha256:${'a'.repeat(64)}`, 'nginx/unit'])(
  '%s is valid',
  (reference) => {
    expect(imageReferenceProblem(reference)).toBeUndefined();
  },
);
