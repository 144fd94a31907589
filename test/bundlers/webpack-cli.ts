// A stand-in for webpack-cli, which sabre's devDependencies lack: runs
// ./webpack.config.mjs of the current folder through webpack's Node API, as
// `npx webpack` does with that config, and fails on any build error.

import { pathToFileURL } from 'node:url'
import webpack, { type Configuration } from 'webpack'

const config = (await import(pathToFileURL(`${process.cwd()}/webpack.config.mjs`).href)).default as Configuration
webpack({ context: process.cwd(), ...config }, (error, stats) => {
  if (error || !stats) {
    console.error(error)
    process.exit(1)
  }
  console.log(stats.toString({ colors: false, modules: false }))
  if (stats.hasErrors()) process.exit(1)
})
