"""The live preview (`make livereload`): a warm build process, a file watcher, and a server that reloads pages."""
