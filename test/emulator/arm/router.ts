/**
 * Case-insensitive routing on path templates such as
 * `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}`. ARM treats names as
 * case-insensitive and the SDKs mix `resourceGroups` and `resourcegroups` (NOTES.md (0)).
 */
import type { Reply } from '../http';
import type { Ctx } from '../core';

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

interface Route {
    method: string;
    regex: RegExp;
    names: string[];
    handler: Handler;
}

export type RouteMatch =
    | { kind: 'found'; handler: Handler; params: Record<string, string> }
    | { kind: 'wrongMethod'; allowed: string[] }
    | { kind: 'none' };

export class Router {
    private readonly routes: Route[] = [];

    add(method: string, template: string, handler: Handler): this {
        const names: string[] = [];
        const source = template.split('/').map((segment) => {
            const m = /^\{(\w+)\}$/.exec(segment);
            if (m) {
                names.push(m[1]);
                return '([^/]+)';
            }
            return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        }).join('/');
        this.routes.push({ method: method.toUpperCase(), regex: new RegExp(`^${source}/?$`, 'i'), names, handler });
        return this;
    }

    match(method: string, pathname: string): RouteMatch {
        const allowed: string[] = [];
        for (const route of this.routes) {
            const m = route.regex.exec(pathname);
            if (!m) {
                continue;
            }
            if (route.method !== method.toUpperCase()) {
                allowed.push(route.method);
                continue;
            }
            const params: Record<string, string> = {};
            route.names.forEach((name, i) => {
                params[name] = decodeURIComponent(m[i + 1]);
            });
            return { kind: 'found', handler: route.handler, params };
        }
        return allowed.length ? { kind: 'wrongMethod', allowed } : { kind: 'none' };
    }
}
