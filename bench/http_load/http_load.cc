// http_load: a small closed-loop HTTP/1.1 load generator for the HTTP benchmarks (bench/intake,
// bench/lookup). One thread, epoll, plain sockets, keep-alive: each of --connections connections
// sends a request, waits for the whole response, then sends the next, so the client costs little
// CPU next to the server on a 2-core machine (it reports its own share).
//
//   http_load --port P --requests FILE [--connections 64] [--warmup 2] [--duration 10]
//             [--header "Authorization: Bearer …"]… [--server-pid PID] [--random]
//
// FILE has one request per line: METHOD <TAB> PATH [<TAB> BODY]; a body is sent as
// application/json. Connections take lines in turn (or at random with --random). Only responses
// completed inside the measured window count. Prints one JSON object on stdout: throughput,
// latency percentiles (ms), statuses, connection errors, and the CPU used during the window by the
// client, by the server (--server-pid) and by the whole machine (all processes, from /proc/stat).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

struct Conn {
  int fd = -1;
  bool connecting = false;
  std::string out;  // bytes still to send
  size_t out_pos = 0;
  std::string in;   // bytes received for the current response
  Clock::time_point sent;
  bool busy = false;  // a request is outstanding
  uint32_t armed = 0;  // the epoll events registered
};

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  int connections = 64;
  double warmup = 2, duration = 10;
  std::string requests_file;
  std::vector<std::string> headers;
  int server_pid = 0;
  bool random = false;
  double timeout = 30;  // a response slower than this counts as an error and the connection is reset
};

double ProcessCpuSeconds(int pid) {  // utime + stime of a process, from /proc/PID/stat
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  size_t rp = s.rfind(')');
  if (rp == std::string::npos) return 0;
  std::istringstream in(s.substr(rp + 2));
  std::string field;
  double utime = 0, stime = 0;
  for (int i = 3; in >> field; ++i) {  // field 3 is the state
    if (i == 14) utime = std::atof(field.c_str());
    if (i == 15) {
      stime = std::atof(field.c_str());
      break;
    }
  }
  return (utime + stime) / sysconf(_SC_CLK_TCK);
}

// Busy and total jiffies of the machine (all cores).
std::pair<double, double> MachineJiffies() {
  std::ifstream f("/proc/stat");
  std::string cpu;
  f >> cpu;
  double v[10] = {0};
  for (double& x : v) f >> x;
  double total = 0;
  for (int i = 0; i < 8; ++i) total += v[i];  // guest time is already in user
  double idle = v[3] + v[4];
  return {total - idle, total};
}

double SelfCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

std::string JsonString(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    o += c;
  }
  return o + "\"";
}

// Returns the length of a complete response at the start of `in` (headers + body), 0 when more
// bytes are needed, -1 when it cannot be parsed. Sets *status and *close.
long ResponseLength(const std::string& in, int* status, bool* close) {
  size_t end = in.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  if (in.compare(0, 5, "HTTP/") != 0 || in.size() < 12) return -1;
  *status = std::atoi(in.c_str() + 9);
  long length = -1;
  *close = false;
  size_t pos = in.find("\r\n") + 2;
  while (pos < end) {
    size_t eol = in.find("\r\n", pos);
    std::string line = in.substr(pos, eol - pos);
    for (size_t i = 0; i < line.size() && line[i] != ':'; ++i) line[i] = std::tolower(line[i]);
    if (line.rfind("content-length:", 0) == 0) length = std::atol(line.c_str() + 15);
    if (line.rfind("connection:", 0) == 0 && line.find("close") != std::string::npos) *close = true;
    if (line.rfind("transfer-encoding:", 0) == 0) return -1;  // not sent by motcua
    pos = eol + 2;
  }
  if (length < 0) length = 0;
  size_t total = end + 4 + static_cast<size_t>(length);
  return in.size() >= total ? static_cast<long>(total) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "http_load: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--host") o.host = next();
    else if (a == "--port") o.port = std::atoi(next().c_str());
    else if (a == "--connections") o.connections = std::atoi(next().c_str());
    else if (a == "--warmup") o.warmup = std::atof(next().c_str());
    else if (a == "--duration") o.duration = std::atof(next().c_str());
    else if (a == "--requests") o.requests_file = next();
    else if (a == "--header") o.headers.push_back(next());
    else if (a == "--server-pid") o.server_pid = std::atoi(next().c_str());
    else if (a == "--timeout") o.timeout = std::atof(next().c_str());
    else if (a == "--random") o.random = true;
    else {
      std::fprintf(stderr, "http_load: unknown argument %s (see the comment at the top of "
                           "bench/http_load/http_load.cc)\n", a.c_str());
      return 2;
    }
  }
  if (o.port <= 0 || o.requests_file.empty() || o.connections < 1) {
    std::fprintf(stderr, "usage: http_load --port P --requests FILE [--connections N] "
                         "[--warmup S] [--duration S] [--header H]… [--server-pid PID] [--random]\n");
    return 2;
  }

  // Pre-render every request.
  std::vector<std::string> requests;
  {
    std::ifstream f(o.requests_file);
    if (!f) {
      std::fprintf(stderr, "http_load: cannot read %s\n", o.requests_file.c_str());
      return 2;
    }
    std::string extra;
    for (const auto& h : o.headers) extra += h + "\r\n";
    std::string line;
    while (std::getline(f, line)) {
      if (line.empty()) continue;
      size_t t1 = line.find('\t');
      if (t1 == std::string::npos) continue;
      size_t t2 = line.find('\t', t1 + 1);
      std::string method = line.substr(0, t1);
      std::string path = line.substr(t1 + 1, t2 == std::string::npos ? std::string::npos : t2 - t1 - 1);
      std::string body = t2 == std::string::npos ? "" : line.substr(t2 + 1);
      std::string r = method + " " + path + " HTTP/1.1\r\nHost: " + o.host + "\r\n" + extra;
      if (!body.empty() || method == "POST") {
        r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
      }
      r += "\r\n" + body;
      requests.push_back(std::move(r));
    }
  }
  if (requests.empty()) {
    std::fprintf(stderr, "http_load: %s holds no requests\n", o.requests_file.c_str());
    return 2;
  }

  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(o.port));
  if (inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr) != 1) {
    std::fprintf(stderr, "http_load: --host must be an IPv4 address\n");
    return 2;
  }
  int ep = epoll_create1(0);
  std::vector<Conn> conns(o.connections);
  std::mt19937_64 rng(42);
  size_t next_request = 0;

  const Clock::time_point t0 = Clock::now();
  const Clock::time_point window_start = t0 + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(o.warmup));
  const Clock::time_point window_end =
      window_start + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(o.duration));
  bool in_window = false;
  double cpu_self0 = 0, cpu_server0 = 0;
  std::pair<double, double> machine0{0, 0};

  std::vector<uint32_t> latencies_us;  // completed inside the window
  latencies_us.reserve(1 << 20);
  std::map<int, long> statuses;        // inside the window
  long conn_errors = 0, timeouts = 0, total_done = 0;

  auto close_conn = [&](Conn& c) {
    if (c.fd >= 0) {
      epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
      ::close(c.fd);
    }
    c.fd = -1;
    c.busy = false;
    c.in.clear();
    c.out.clear();
    c.out_pos = 0;
  };
  auto open_conn = [&](size_t idx) -> bool {
    Conn& c = conns[idx];
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int rc = connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (rc != 0 && errno != EINPROGRESS) {
      ::close(c.fd);
      c.fd = -1;
      return false;
    }
    c.connecting = true;  // a request is sent once the socket says it is writable
    epoll_event ev{};
    ev.events = c.armed = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
    ev.data.u64 = idx;
    epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    return true;
  };
  // Asks for EPOLLOUT only while connecting or while output is pending (level-triggered: an idle
  // writable socket would otherwise wake the loop forever).
  auto arm = [&](size_t idx) {
    Conn& c = conns[idx];
    if (c.fd < 0) return;
    uint32_t want = EPOLLIN | EPOLLRDHUP;
    if (c.connecting || c.out_pos < c.out.size()) want |= EPOLLOUT;
    if (want == c.armed) return;
    epoll_event ev{};
    ev.events = c.armed = want;
    ev.data.u64 = idx;
    epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
  };
  auto flush = [&](Conn& c) -> bool {  // false on error
    while (c.out_pos < c.out.size()) {
      ssize_t n = ::send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL);
      if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
      c.out_pos += static_cast<size_t>(n);
    }
    return true;
  };
  auto start_request = [&](Conn& c) -> bool {
    size_t k = o.random ? rng() % requests.size() : next_request++ % requests.size();
    c.out = requests[k];
    c.out_pos = 0;
    c.in.clear();
    c.busy = true;
    c.sent = Clock::now();
    return flush(c);
  };

  for (size_t i = 0; i < conns.size(); ++i) {
    if (!open_conn(i)) ++conn_errors;
  }
  std::vector<epoll_event> events(conns.size());
  char buf[65536];
  for (;;) {
    Clock::time_point now = Clock::now();
    if (!in_window && now >= window_start) {
      in_window = true;
      cpu_self0 = SelfCpuSeconds();
      if (o.server_pid) cpu_server0 = ProcessCpuSeconds(o.server_pid);
      machine0 = MachineJiffies();
    }
    if (now >= window_end) break;
    // Reopen dead connections (the server closed them, or a reset).
    for (size_t i = 0; i < conns.size(); ++i) {
      Conn& c = conns[i];
      if (c.fd < 0) {
        if (!open_conn(i)) ++conn_errors;
      } else if (c.busy && Seconds(c.sent, now) > o.timeout) {
        ++timeouts;
        close_conn(c);
      }
    }
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
    if (n < 0 && errno != EINTR) {
      std::perror("http_load: epoll_wait");
      return 1;
    }
    for (int e = 0; e < n; ++e) {
      const size_t idx = events[e].data.u64;
      Conn& c = conns[idx];
      struct Rearm {
        decltype(arm)& f;
        size_t i;
        ~Rearm() { f(i); }
      } rearm{arm, idx};
      if (c.fd < 0) continue;
      uint32_t ev = events[e].events;
      if (c.connecting && (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
          ++conn_errors;
          close_conn(c);
          continue;
        }
        c.connecting = false;
      }
      if (!c.connecting && !c.busy) {
        if (!start_request(c)) {
          ++conn_errors;
          close_conn(c);
          continue;
        }
      } else if (ev & EPOLLOUT) {
        if (!flush(c)) {
          ++conn_errors;
          close_conn(c);
          continue;
        }
      }
      if (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
        bool dead = false;
        for (;;) {
          ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
          if (r > 0) {
            c.in.append(buf, static_cast<size_t>(r));
            continue;
          }
          if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) dead = true;
          break;
        }
        int status = 0;
        bool close_after = false;
        long len = c.busy ? ResponseLength(c.in, &status, &close_after) : 0;
        if (len < 0) {
          ++conn_errors;
          close_conn(c);
          continue;
        }
        if (len > 0) {
          Clock::time_point done = Clock::now();
          ++total_done;
          if (in_window && done < window_end) {
            latencies_us.push_back(static_cast<uint32_t>(
                std::chrono::duration_cast<std::chrono::microseconds>(done - c.sent).count()));
            ++statuses[status];
          }
          c.busy = false;
          c.in.erase(0, static_cast<size_t>(len));
          if (close_after || dead) {
            close_conn(c);
            continue;
          }
          if (!start_request(c)) {
            ++conn_errors;
            close_conn(c);
          }
          continue;
        }
        if (dead) {  // closed before a whole response arrived
          ++conn_errors;
          close_conn(c);
        }
      }
    }
  }
  const Clock::time_point t_end = Clock::now();
  const double window = Seconds(window_start, std::min(t_end, window_end));
  const double cpu_self = SelfCpuSeconds() - cpu_self0;
  const double cpu_server = o.server_pid ? ProcessCpuSeconds(o.server_pid) - cpu_server0 : 0;
  auto machine1 = MachineJiffies();
  const double ncpu = static_cast<double>(sysconf(_SC_NPROCESSORS_ONLN));
  const double machine_busy_cores =
      machine1.second > machine0.second
          ? (machine1.first - machine0.first) / (machine1.second - machine0.second) * ncpu
          : 0;
  for (auto& c : conns) close_conn(c);

  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) -> double {
    if (latencies_us.empty()) return 0;
    size_t i = static_cast<size_t>(p / 100.0 * (latencies_us.size() - 1) + 0.5);
    return latencies_us[std::min(i, latencies_us.size() - 1)] / 1000.0;
  };
  long ok = 0, bad = 0;
  std::string st = "{";
  for (auto& [k, v] : statuses) {
    (k >= 200 && k < 300 ? ok : bad) += v;
    st += (st.size() > 1 ? "," : "") + JsonString(std::to_string(k)) + ":" + std::to_string(v);
  }
  st += "}";
  double mean = 0;
  for (auto l : latencies_us) mean += l;
  mean = latencies_us.empty() ? 0 : mean / latencies_us.size() / 1000.0;
  std::printf(
      "{\"connections\":%d,\"window_s\":%.3f,\"responses\":%zu,\"ok\":%ld,\"non_2xx\":%ld,"
      "\"statuses\":%s,\"conn_errors\":%ld,\"timeouts\":%ld,\"rate\":%.1f,\"ok_rate\":%.1f,"
      "\"mean_ms\":%.3f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,"
      "\"max_ms\":%.3f,\"client_cpu_cores\":%.3f,\"server_cpu_cores\":%.3f,"
      "\"machine_busy_cores\":%.3f,\"cores\":%.0f}\n",
      o.connections, window, latencies_us.size(), ok, bad, st.c_str(), conn_errors, timeouts,
      latencies_us.size() / window, ok / window, mean, pct(50), pct(90), pct(99), pct(99.9),
      latencies_us.empty() ? 0.0 : latencies_us.back() / 1000.0, cpu_self / window,
      cpu_server / window, machine_busy_cores, ncpu);
  return 0;
}
