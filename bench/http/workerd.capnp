# workerd: the shared handler as an ES-module worker. The socket address here
# is overridden: bench/http/fdshare.py binds it once and passes the fd to each
# workerd process (workerd's event loop is single-threaded, so one process
# per core shares one listening socket).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .hello) ],
  sockets = [ (name = "http", address = "127.0.0.1:8080", http = (), service = "main") ],
);

const hello :Workerd.Worker = (
  modules = [ (name = "index.js", esModule = embed "app/index.js") ],
  compatibilityDate = "2024-09-23",
);
