import { natsBusFactory } from '../support/buses.js';
import { busContract } from './bus.contract.js';

busContract(natsBusFactory);
