import { memoryBusFactory } from '../support/buses.js';
import { busContract } from './bus.contract.js';

busContract(memoryBusFactory);
