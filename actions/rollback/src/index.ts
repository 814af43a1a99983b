import { runAction } from '@shipgate/core';
import { main, post } from './main';

void runAction('rollback', { main, post });
