import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Fixtures break the rules on purpose; the tests lint them with the root config.
    ignores: ['fixtures/**'],
  },
];
