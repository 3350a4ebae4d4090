// Reading a BTF file: what it is (ELF with .BTF, or raw BTF; the target
// from the ELF machine), and libbpf's parse of it, with libbpf's messages
// captured into the error instead of printed.
#include <sys/stat.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "harness/common/file_util.h"
#include "harness/common/status.h"
#include "harness/btf_frontend/btf_internal.h"

namespace bindfuzz::btf_internal {

namespace {

// ---------------------------------------------------------------------------
// libbpf's message hook: captured into a buffer instead of stderr.

std::mutex g_libbpf_mu;          // libbpf_set_print is process-global
std::string* g_libbpf_sink = nullptr;

int CapturePrint(enum libbpf_print_level level, const char* fmt, va_list args) {
  // Debug-level lines included: libbpf reports raw BTF header/section
  // errors only at that level. Used only in error messages.
  if (g_libbpf_sink == nullptr) return 0;
  char buf[512];
  int n = vsnprintf(buf, sizeof(buf), fmt, args);
  if (n < 0) return 0;
  std::string line(buf);
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  if (line.empty() || g_libbpf_sink->size() > 2048) return 0;
  if (!g_libbpf_sink->empty()) *g_libbpf_sink += "; ";
  *g_libbpf_sink += line;
  return 0;
}

absl::StatusOr<FileInfo> Probe(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    int err = errno;
    if (err == ENOENT) return absl::NotFoundError(absl::StrCat(path, ": no such file"));
    return absl::InvalidArgumentError(absl::StrCat(path, ": cannot stat: ", strerror(err)));
  }
  // /sys/kernel/btf/* are regular files whose st_size is exact.
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a regular file"));
  }
  if (static_cast<uint64_t>(st.st_size) > kDefaultMaxInputBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": file too large (", st.st_size, " bytes)"));
  }
  unsigned char hdr[20] = {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot open"));
  in.read(reinterpret_cast<char*>(hdr), sizeof(hdr));
  size_t got = static_cast<size_t>(in.gcount());
  FileInfo info;
  if (got >= 4 && hdr[0] == 0x7f && hdr[1] == 'E' && hdr[2] == 'L' && hdr[3] == 'F') {
    info.format = FileFormat::kElf;
    if (got >= 20) {
      bool le = hdr[5] == 1;
      uint16_t machine = le ? static_cast<uint16_t>(hdr[18] | (hdr[19] << 8))
                            : static_cast<uint16_t>((hdr[18] << 8) | hdr[19]);
      switch (machine) {
        case 62: info.triple = "x86_64-linux-gnu"; break;
        case 183: info.triple = "aarch64-linux-gnu"; break;
        case 243: info.triple = "riscv64-linux-gnu"; break;
        case 3: info.triple = "i686-linux-gnu"; break;
        case 40: info.triple = "arm-linux-gnueabi"; break;
        case 22: info.triple = "s390x-linux-gnu"; break;
        case 21: info.triple = "powerpc64le-linux-gnu"; break;
        default: break;
      }
    }
    return info;
  }
  // BTF_MAGIC 0xeB9F in either byte order.
  if (got >= 2 && ((hdr[0] == 0x9f && hdr[1] == 0xeb) || (hdr[0] == 0xeb && hdr[1] == 0x9f))) {
    info.format = FileFormat::kRaw;
    return info;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      path, ": neither an ELF file nor raw BTF (", got < 4 ? "file too short" : "bad magic", ")"));
}

}  // namespace

// Parses `path` (split on `base` when non-null). Errors name the file and
// carry libbpf's own messages.
absl::StatusOr<BtfPtr> ParseBtf(const std::string& path, struct btf* base, FileInfo* info_out) {
  BF_ASSIGN_OR_RETURN(FileInfo info, Probe(path));
  if (info_out) *info_out = info;
  std::string messages;
  struct btf* b = nullptr;
  long err = 0;
  {
    std::lock_guard<std::mutex> lock(g_libbpf_mu);
    g_libbpf_sink = &messages;
    libbpf_print_fn_t old = libbpf_set_print(CapturePrint);
    errno = 0;
    b = info.format == FileFormat::kElf ? btf__parse_elf_split(path.c_str(), base)
                                        : btf__parse_raw_split(path.c_str(), base);
    err = libbpf_get_error(b);
    if (b == nullptr && err == 0) err = -EINVAL;
    libbpf_set_print(old);
    g_libbpf_sink = nullptr;
  }
  if (b == nullptr || err != 0) {
    if (b != nullptr && err == 0) btf__free(b);
    std::string what = info.format == FileFormat::kElf ? "cannot read BTF from ELF file"
                                                       : "cannot parse raw BTF";
    if (err == -ENOENT && info.format == FileFormat::kElf) what = "ELF file has no .BTF section";
    char errbuf[128] = {};
    if (libbpf_strerror(static_cast<int>(err), errbuf, sizeof(errbuf)) != 0)
      snprintf(errbuf, sizeof(errbuf), "error %ld", -err);
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", what, " (", errbuf, ")",
                                                   messages.empty() ? "" : ": ", messages));
  }
  return BtfPtr(b);
}

}  // namespace bindfuzz::btf_internal
