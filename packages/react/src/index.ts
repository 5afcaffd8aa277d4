export { createStateStub } from './stub.js';
