import { runAction } from '@shipgate/core';
import { main } from './main';

void runAction('staging-gate-check', { main });
