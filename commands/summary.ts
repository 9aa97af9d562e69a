import { narrativeCommand } from './narrative.js';

export default narrativeCommand('summary');
