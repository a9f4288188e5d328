/** Target platforms for `docker buildx build --platform`, validated against what buildx can build for. */

const OPERATING_SYSTEMS = ['linux', 'windows'];
const ARCHITECTURES = ['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64', 'mips64le', 'loong64'];
const VARIANTS: Record<string, string[]> = {
  arm: ['v5', 'v6', 'v7'],
  arm64: ['v8'],
  amd64: ['v2', 'v3', 'v4'],
};

/** Why a platform string is not one buildx builds for, or undefined when it is. */
export function platformProblem(platform: string): string | undefined {
  const [os, architecture, variant, ...rest] = platform.split('/');
  if (rest.length > 0 || !architecture) return `expected os/arch[/variant] such as linux/amd64`;
  if (!OPERATING_SYSTEMS.includes(os))
    return `unknown operating system '${os}' (${OPERATING_SYSTEMS.join(', ')})`;
  if (!ARCHITECTURES.includes(architecture)) {
    return `unknown architecture '${architecture}' (${ARCHITECTURES.join(', ')})`;
  }
  if (variant !== undefined && !(VARIANTS[architecture] ?? []).includes(variant)) {
    const known = VARIANTS[architecture];
    return known
      ? `unknown variant '${variant}' for ${architecture} (${known.join(', ')})`
      : `${architecture} has no variants`;
  }
  if (os === 'windows' && architecture !== 'amd64' && architecture !== 'arm64') {
    return `windows images are built for amd64 or arm64 only`;
  }
  return undefined;
}
