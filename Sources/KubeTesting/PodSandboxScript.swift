/// The shell script that turns a fresh mount + UTS namespace (`unshare -m -u`) into a pod's
/// filesystem view, then `exec`s the container's command (the script's `"$@"`):
///
/// - the hostname is the pod's name, `/etc/hosts` the pod's hosts file;
/// - every image path (`/opt/spark/...` from the Spark home, overlays) and every volume is
///   bind-mounted at its path, read-only where Kubernetes mounts it so;
/// - a path whose parent does not exist on the host is created on a tmpfs *shadow* of its
///   deepest existing ancestor: that directory is replaced (in this namespace only) by a tmpfs
///   holding bind mounts of its entries, so nothing is ever written to the host's directories;
/// - `/tmp` is the pod's own.
///
/// Pure: the process kubelet runs it; unit tests read it.
public struct PodSandboxScript: Sendable, Equatable {
    public struct Bind: Sendable, Equatable {
        /// The host path (a directory or a file).
        public var source: String
        /// The path inside the pod.
        public var target: String
        public var readOnly: Bool

        public init(source: String, target: String, readOnly: Bool = false) {
            self.source = source
            self.target = target
            self.readOnly = readOnly
        }
    }

    public var hostname: String
    public var hostsFile: String
    /// Host directory for the shadows' bind mounts of the original directories.
    public var shadowRoot: String
    /// The pod's `/tmp`.
    public var tmpDirectory: String
    /// In order: the image first, then the volumes (shorter paths first, so a volume inside
    /// another lands on top).
    public var binds: [Bind]
    public var workingDirectory: String

    public init(
        hostname: String, hostsFile: String, shadowRoot: String, tmpDirectory: String, binds: [Bind],
        workingDirectory: String
    ) {
        self.hostname = hostname
        self.hostsFile = hostsFile
        self.shadowRoot = shadowRoot
        self.tmpDirectory = tmpDirectory
        self.binds = binds
        self.workingDirectory = workingDirectory
    }

    static let functions = #"""
        set -e
        SAFE=""   # tmpfs shadows: writes under them stay in this pod
        BOUND=""  # bind mounts of host paths: never written to
        # Whether creating entries under $1 stays in this pod: the nearest enclosing SAFE or BOUND path decides.
        safe() {
          best=""; kind=""
          for s in $SAFE; do case "$1/" in "$s"/*) [ ${#s} -gt ${#best} ] && { best=$s; kind=safe; };; esac; done
          for s in $BOUND; do case "$1/" in "$s"/*) [ ${#s} -gt ${#best} ] && { best=$s; kind=bound; };; esac; done
          [ "$kind" = safe ]
        }
        # Replaces directory $1 by a tmpfs holding bind mounts (or copies of symlinks) of its entries.
        shadow() {
          # (a flat, numbered place for the original: a path under an earlier shadow's bind
          # would be created on the host through that bind)
          SHADOWS=$((${SHADOWS:-0} + 1)); d=$1; b="$SHADOW/$SHADOWS"
          mkdir -p "$b"; mount --rbind "$d" "$b"; mount -t tmpfs -o mode=755 tmpfs "$d"
          for e in "$b"/* "$b"/.[!.]*; do
            [ -e "$e" ] || [ -L "$e" ] || continue
            n="$d/${e##*/}"
            # (mount itself may have made an entry already: libmount keeps /run/mount/utab)
            if [ -L "$e" ]; then ln -sfn "$(readlink "$e")" "$n"
            elif [ -d "$e" ]; then mkdir -p "$n"; mount --rbind "$e" "$n"; BOUND="$BOUND $n"
            else [ -e "$n" ] || : >"$n"; mount --bind "$e" "$n"; BOUND="$BOUND $n"; fi
          done
          kept=""; for s in $BOUND; do [ "$s" = "$d" ] || kept="$kept $s"; done; BOUND=$kept
          SAFE="$SAFE $d"
        }
        # mkdir -p without writing to the host.
        ensure_dir() {
          t=$1; a=$t
          while [ ! -e "$a" ]; do a=$(dirname "$a"); done
          [ "$a" = "$t" ] && return 0
          a=$(readlink -f "$a")  # through symlinks (/var/run -> /run): where mkdir really writes
          if ! safe "$a"; then
            [ "$a" = / ] && { echo "pod sandbox: cannot create $t under /" >&2; exit 70; }
            shadow "$a"
          fi
          mkdir -p "$t"
        }
        ensure_file() {
          ensure_dir "$(dirname "$1")"
          [ -e "$1" ] && return 0
          p=$(readlink -f "$(dirname "$1")")
          safe "$p" || shadow "$p"
          : >"$1"
        }
        # bind SOURCE TARGET [ro]
        bind() {
          if [ -d "$1" ]; then ensure_dir "$2"; else ensure_file "$2"; fi
          mount --bind "$1" "$2"
          BOUND="$BOUND $(readlink -f "$2")"
          if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$2"; fi
        }
        mount --make-rprivate /
        """#

    /// The script; run it as `unshare -m -u --propagation private /bin/sh -c SCRIPT pod COMMAND…`.
    public var text: String {
        var lines = [Self.functions]
        lines.append("SHADOW=\(quote(shadowRoot))")
        lines.append("hostname \(quote(hostname))")
        lines.append("bind \(quote(hostsFile)) /etc/hosts")
        for bind in binds {
            lines.append("bind \(quote(bind.source)) \(quote(bind.target))\(bind.readOnly ? " ro" : "")")
        }
        lines.append("bind \(quote(tmpDirectory)) /tmp")
        lines.append("cd \(quote(workingDirectory))")
        lines.append(#"exec "$@""#)
        return lines.joined(separator: "\n")
    }
}

/// Single-quotes `s` for sh.
func quote(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
}
