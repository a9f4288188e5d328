/** DescribeListeners and ModifyListener. */
import { SimError } from '../../errors.js';
import type { Handler } from '../../protocol/handler.js';
import { checkActions, parseActions } from '../actions.js';
import type { ElbContext } from '../context.js';
import { paginate } from '../paging.js';
import {
  optionalInteger,
  optionalString,
  optionalStringList,
  optionalStructList,
  requiredString,
  validationError,
  type QueryParams,
} from '../params.js';
import { renderListener } from '../render.js';

const PROTOCOLS = { application: ['HTTP', 'HTTPS'], network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'] };

/** Listener operations. */
export function listenerHandlers(context: ElbContext): Record<string, Handler> {
  const { store } = context;
  return {
    DescribeListeners(params: QueryParams) {
      const loadBalancerArn = optionalString(params, 'LoadBalancerArn');
      const arns = optionalStringList(params, 'ListenerArns');
      const pageSize = optionalInteger(params, 'PageSize', { min: 1, max: 400 });
      if (loadBalancerArn === undefined && !arns?.length) {
        throw validationError('specify either LoadBalancerArn or ListenerArns');
      }
      if (loadBalancerArn !== undefined && arns?.length) {
        throw validationError('specify either LoadBalancerArn or ListenerArns, not both');
      }
      const listeners = loadBalancerArn
        ? store.listenersOf(store.loadBalancer(loadBalancerArn).arn)
        : arns!.map((arn) => store.listener(arn));
      const page = paginate(listeners, { marker: optionalString(params, 'Marker'), pageSize });
      return { Listeners: page.items.map(renderListener), NextMarker: page.nextMarker };
    },

    ModifyListener(params: QueryParams) {
      const listener = store.listener(requiredString(params, 'ListenerArn'));
      const loadBalancer = store.loadBalancer(listener.loadBalancerArn);
      const port = optionalInteger(params, 'Port', { min: 1, max: 65535 }) ?? listener.port;
      const protocol = optionalString(params, 'Protocol')?.toUpperCase() ?? listener.protocol;
      if (!PROTOCOLS[loadBalancer.type].includes(protocol)) {
        throw new SimError(
          'UnsupportedProtocol',
          `a ${loadBalancer.type} load balancer's listener cannot use ${protocol}`,
        );
      }
      if (
        port !== listener.port &&
        store.listenersOf(loadBalancer.arn).some((other) => other.port === port)
      ) {
        throw new SimError(
          'DuplicateListener',
          `load balancer '${loadBalancer.name}' already has a listener on port ${port}`,
        );
      }
      const certificates = optionalStructList(params, 'Certificates')?.map((certificate) => ({
        CertificateArn: requiredString(certificate, 'CertificateArn'),
      }));
      const secure = protocol === 'HTTPS' || protocol === 'TLS';
      if (secure && !(certificates ?? listener.certificates)?.length) {
        throw validationError(`a certificate must be specified for ${protocol} listeners`);
      }
      const defaultActions = parseActions(params, 'DefaultActions') ?? listener.defaultActions;
      // Validate everything before changing anything: a rejected call leaves the listener as it was.
      checkActions(store, { loadBalancerArn: loadBalancer.arn, protocol }, defaultActions);
      listener.port = port;
      listener.protocol = protocol;
      listener.defaultActions = defaultActions;
      if (certificates) listener.certificates = certificates;
      if (secure)
        listener.sslPolicy =
          optionalString(params, 'SslPolicy') ?? listener.sslPolicy ?? 'ELBSecurityPolicy-2016-08';
      else {
        listener.certificates = undefined;
        listener.sslPolicy = undefined;
      }
      const alpn = optionalStringList(params, 'AlpnPolicy');
      if (alpn) listener.alpnPolicy = alpn;
      context.syncUsage();
      return { Listeners: [renderListener(listener)] };
    },
  };
}
