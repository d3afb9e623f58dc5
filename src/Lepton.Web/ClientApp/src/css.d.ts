// esbuild bundles imported stylesheets into app.css; to the type checker they are modules with nothing in them.
declare module "*.css";
