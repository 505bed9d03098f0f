import '../../components/zod-jitless';
import { render } from 'preact';
import { Popup } from '../../components/Popup';

const app = document.getElementById('app');
if (app) render(<Popup />, app);
