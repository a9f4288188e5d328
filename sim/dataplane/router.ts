/**
 * Where a listener sends one request: the matching rule's action, a target group by forward weight, and a
 * target of that group round robin (healthy ones, or all but draining ones when none is healthy).
 */
import type { ElbModel } from '../elbv2/model.js';
import type { Prng } from '../prng.js';
import { pickWeighted, routableTargets, selectAction, type RoutedRequest } from './rules.js';

/** What the proxy does with a request. */
export type RouteDecision =
  | { kind: 'forward'; targetGroupArn: string; targetGroupName: string; id: string; port: number }
  | { kind: 'fixed-response'; status: number; contentType: string; body: string }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'unavailable'; status: 503; reason: string };

/** Options for Router. */
export interface RouterOptions {
  elb: ElbModel;
  rng: Prng;
}

const REDIRECT_STATUS: Record<string, number> = { HTTP_301: 301, HTTP_302: 302 };

/** Routes requests of every listener of one world. */
export class Router {
  private roundRobin = new Map<string, number>();

  constructor(private readonly options: RouterOptions) {}

  /** The decision for one request on a listener. */
  route(listenerArn: string, request: RoutedRequest): RouteDecision {
    const { elb } = this.options;
    elb.sim.clock.fireDue();
    const listener = elb.store.listeners.get(listenerArn);
    if (!listener) return { kind: 'unavailable', status: 503, reason: 'listener deleted' };
    const action = selectAction(elb.store.rulesOf(listenerArn), request);
    if (!action) return { kind: 'unavailable', status: 503, reason: 'no action' };
    if (action.type === 'fixed-response') {
      return {
        kind: 'fixed-response',
        status: Number(action.config.StatusCode),
        contentType: String(action.config.ContentType ?? 'text/plain'),
        body: String(action.config.MessageBody ?? ''),
      };
    }
    if (action.type !== 'forward') return this.redirect(action.config, request, listener.port);
    const targetGroupArn = pickWeighted(action.targetGroups, this.options.rng.next());
    if (!targetGroupArn) return { kind: 'unavailable', status: 503, reason: 'every weight is 0' };
    const group = elb.store.targetGroups.get(targetGroupArn);
    const candidates = routableTargets(elb.health.list(targetGroupArn));
    if (!group || candidates.length === 0) {
      return { kind: 'unavailable', status: 503, reason: 'no registered targets' };
    }
    const turn = this.roundRobin.get(targetGroupArn) ?? 0;
    this.roundRobin.set(targetGroupArn, turn + 1);
    const target = candidates[turn % candidates.length];
    return { kind: 'forward', targetGroupArn, targetGroupName: group.name, id: target.id, port: target.port };
  }

  /** A redirect action: `#{host}`, `#{path}`, `#{port}`, `#{query}`, `#{protocol}` keep the request's parts. */
  private redirect(
    config: Record<string, unknown>,
    request: RoutedRequest,
    listenerPort: number,
  ): RouteDecision {
    const substitute = (value: unknown, fallback: string) =>
      String(value ?? fallback)
        .replace(/#\{host\}/g, request.host)
        .replace(/#\{path\}/g, request.path.replace(/^\//, ''))
        .replace(/#\{port\}/g, String(listenerPort))
        .replace(/#\{query\}/g, request.query.toString())
        .replace(/#\{protocol\}/g, 'http');
    const protocol = substitute(config.Protocol, '#{protocol}').toLowerCase();
    const host = substitute(config.Host, '#{host}');
    const port = substitute(config.Port, '#{port}');
    const path = substitute(config.Path, '/#{path}');
    const query = substitute(config.Query, '#{query}');
    return {
      kind: 'redirect',
      status: REDIRECT_STATUS[String(config.StatusCode)] ?? 302,
      location: `${protocol}://${host}:${port}${path.startsWith('/') ? path : `/${path}`}${query ? `?${query}` : ''}`,
    };
  }
}
