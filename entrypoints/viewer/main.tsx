import '../../components/zod-jitless';
import { render } from 'preact';
import { Viewer } from '../../components/Viewer';

const app = document.getElementById('app');
if (app) render(<Viewer />, app);
