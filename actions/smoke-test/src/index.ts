import { runAction } from '@shipgate/core';
import { main } from './main';

void runAction('smoke-test', { main });
