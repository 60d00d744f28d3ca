// http_server.cc - the one file that uses cpp-httplib. It adapts httplib's
// Request/Response to InboundRequest/Reply and nothing more: routing, errors
// and bodies are decided by the Handler.
#include "proxy/server/http_server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <atomic>

#include "core/error.h"
#include "core/multipart.h"

namespace gw {

struct HttpServer::Impl {
  ServerOptions options;
  Handler handler;
  httplib::Server server;
  std::atomic<bool> bound{false};
};

namespace {

// httplib splits a multipart/form-data body into req.files and leaves
// req.body empty. Handlers get the upload back as one body (parts in name
// order, under a boundary of our own that Content-Type now names), so they
// parse it with core/multipart.h like any other body.
void restore_multipart_body(const httplib::Request& req, InboundRequest& in) {
  if (!req.is_multipart_form_data() || !req.body.empty() || req.files.empty()) return;
  std::vector<MultipartPart> parts;
  for (const auto& [name, f] : req.files) parts.push_back({f.name, f.filename, f.content_type, f.content});
  std::string boundary = choose_boundary(parts);
  in.body = encode_multipart(parts, boundary);
  in.headers.set("Content-Type", multipart_content_type(boundary));
}

InboundRequest to_inbound(const httplib::Request& req) {
  InboundRequest in;
  in.method = req.method;
  in.path = req.path;
  auto q = req.target.find('?');
  if (q != std::string::npos) in.query = req.target.substr(q + 1);
  for (const auto& [k, v] : req.headers) in.headers.add(k, v);
  in.body = req.body;
  restore_multipart_body(req, in);
  in.remote_addr = req.remote_addr;
  in.remote_port = req.remote_port;
  return in;
}

void write_reply(Reply reply, httplib::Response& res) {
  res.status = reply.status;
  for (const auto& [k, v] : reply.headers.items()) res.set_header(k, v);
  if (!reply.next_chunk) {
    res.set_content(std::move(reply.body), reply.content_type);
    return;
  }
  // Streaming: pull chunks and write each one as soon as it exists. The
  // provider runs once; httplib writes the chunked encoding around it.
  struct StreamState {
    std::function<StreamStep(std::string&)> next;
    std::function<void(bool)> on_end;
    bool completed = false;
  };
  auto state = std::make_shared<StreamState>();
  state->next = std::move(reply.next_chunk);
  state->on_end = std::move(reply.on_stream_end);
  res.set_chunked_content_provider(
      reply.content_type,
      [state](size_t, httplib::DataSink& sink) {
        std::string chunk;
        for (;;) {
          StreamStep step = state->next(chunk);
          if (step == StreamStep::kAbort) return false;  // httplib closes the connection
          if (step == StreamStep::kEnd) break;
          if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;  // client gone
        }
        state->completed = true;
        sink.done();
        return true;
      },
      [state](bool success) {
        if (state->on_end) state->on_end(state->completed && success);
      });
}

// Errors that httplib detects itself (oversized body, bad request line) still
// get an OpenAI- or Anthropic-shaped JSON body, never an HTML page.
void render_transport_error(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return;
  ErrorKind kind = res.status == 413 ? ErrorKind::kPayloadTooLarge
                   : res.status == 404 ? ErrorKind::kNotFound
                                       : ErrorKind::kInvalidRequest;
  Error e = make_error(kind, res.status == 413 ? "request body is larger than the server accepts"
                                               : "the request could not be read");
  bool anthropic = req.path.rfind("/v1/messages", 0) == 0;
  res.set_content(anthropic ? anthropic_error_body(e) : openai_error_body(e), "application/json");
}

}  // namespace

HttpServer::HttpServer(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  auto& svr = impl_->server;
  // One thread serves one keep-alive connection at a time, so idle clients
  // hold threads: keep plenty, and let idle connections go after 5 s.
  int threads = impl_->options.threads > 0 ? impl_->options.threads : 256;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  svr.set_payload_max_length(static_cast<size_t>(impl_->options.max_body_bytes));
  svr.set_read_timeout(impl_->options.read_timeout_s, 0);
  svr.set_write_timeout(impl_->options.write_timeout_s, 0);
  svr.set_keep_alive_max_count(static_cast<size_t>(impl_->options.keep_alive_max));
  svr.set_keep_alive_timeout(5);
  svr.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which would let a second gw
  // silently share the port with the first; allow only quick rebinds.
  // TCP_NODELAY on the listening socket is inherited by accepted ones, so a
  // reply's head and body never wait on Nagle + delayed ACK (~40 ms).
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  });

  Impl* impl = impl_.get();
  auto dispatch = [impl](const httplib::Request& req, httplib::Response& res) {
    write_reply(impl->handler(to_inbound(req)), res);
  };
  svr.Get(".*", dispatch);
  svr.Post(".*", dispatch);
  svr.Put(".*", dispatch);
  svr.Delete(".*", dispatch);
  svr.Patch(".*", dispatch);
  svr.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    render_transport_error(req, res);
  });
  svr.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(openai_error_body(make_error(ErrorKind::kInternal, "internal error")), "application/json");
  });
}

HttpServer::~HttpServer() { stop(); }

Result<int> HttpServer::bind() {
  auto& o = impl_->options;
  int port = o.port;
  if (port == 0) {
    port = impl_->server.bind_to_any_port(o.host);
    if (port < 0) return make_error(ErrorKind::kIo, "cannot bind " + o.host);
  } else if (!impl_->server.bind_to_port(o.host, port)) {
    return make_error(ErrorKind::kIo, "cannot listen on " + o.host + ":" + std::to_string(port) +
                                          " (address in use or not available)");
  }
  impl_->bound = true;
  return port;
}

void HttpServer::run() { impl_->server.listen_after_bind(); }

void HttpServer::stop() {
  if (impl_ && impl_->server.is_running()) impl_->server.stop();
}

}  // namespace gw
