import { runAction } from '@shipgate/core';
import { main, post } from './main';

void runAction('canary-step', { main, post });
