export { type TrafficRouter, type RouterContext, type RouterDefinition, checkWeight } from './router';
export { routers, createRouter } from './routers';
export { commandRouter, parsePrintedWeight } from './command-router';
export { nginxRouter } from './nginx-router';
export { haproxyRouter } from './haproxy-router';
export { readUpstreamWeight, writeUpstreamWeight, upstreamProblem } from './weighted-upstream';
export { runtimeApiCommand } from './haproxy-runtime-api';
