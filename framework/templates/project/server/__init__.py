# Python launcher package: `server.app:main` starts the TypeScript OpenEnv server with Node.js.
