import DefaultTheme from 'vitepress/theme';
import './custom.css';

// The default theme, plus the label of examples the docs build does not compile.
export default DefaultTheme;
