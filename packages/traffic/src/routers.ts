import { ShipgateError, type InputSource } from '@shipgate/core';
import { commandRouter } from './command-router';
import { haproxyRouter } from './haproxy-router';
import { nginxRouter } from './nginx-router';
import type { RouterContext, RouterDefinition, TrafficRouter } from './router';

/** Every router kind; a new one is one file plus one line here. */
export const routers: readonly RouterDefinition[] = [commandRouter, nginxRouter, haproxyRouter];

/** The router the `router` input names, built from the other inputs. */
export function createRouter(name: string, inputs: InputSource, context: RouterContext): TrafficRouter {
  const definition = routers.find((router) => router.name === name.trim());
  if (!definition) throw new ShipgateError(`must be one of ${routers.map((router) => router.name).join(', ')}; got '${name.slice(0, 40)}'`, 'router');
  return definition.create(inputs, context);
}
