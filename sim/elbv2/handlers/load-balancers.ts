/** DescribeLoadBalancers. */
import { SimError } from '../../errors.js';
import type { Handler } from '../../protocol/handler.js';
import type { ElbContext } from '../context.js';
import { paginate } from '../paging.js';
import {
  optionalInteger,
  optionalString,
  optionalStringList,
  validationError,
  type QueryParams,
} from '../params.js';
import { renderLoadBalancer } from '../render.js';

/** Load balancer operations. */
export function loadBalancerHandlers(context: ElbContext): Record<string, Handler> {
  const { store, sim } = context;
  return {
    DescribeLoadBalancers(params: QueryParams) {
      const arns = optionalStringList(params, 'LoadBalancerArns');
      const names = optionalStringList(params, 'Names');
      const pageSize = optionalInteger(params, 'PageSize', { min: 1, max: 400 });
      if (arns?.length && names?.length)
        throw validationError('specify either LoadBalancerArns or Names, not both');
      let loadBalancers = [...store.loadBalancers.values()];
      if (arns?.length) loadBalancers = arns.map((arn) => store.loadBalancer(arn));
      if (names?.length) {
        const missing = names.filter((name) => !store.loadBalancerNamed(name));
        if (missing.length > 0) {
          throw new SimError('LoadBalancerNotFound', `Load balancers '[${missing.join(', ')}]' not found`);
        }
        loadBalancers = names.map((name) => store.loadBalancerNamed(name)!);
      }
      const page = paginate(loadBalancers, { marker: optionalString(params, 'Marker'), pageSize });
      return {
        LoadBalancers: page.items.map((lb) => renderLoadBalancer(lb, sim.region)),
        NextMarker: page.nextMarker,
      };
    },
  };
}
