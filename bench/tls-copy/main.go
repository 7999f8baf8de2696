// The Go side of bench/tls-copy.ts: reads a TLS stream from 127.0.0.1:$1 (certificate not verified: a
// throwaway local server) and copies it to the plain TCP port $2 with io.Copy, as kubectl's port-forward
// copies a stream to a local connection; prints its CPU and wall time as JSON.
package main

import (
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"os"
	"syscall"
	"time"
)

func cpu() (user, system time.Duration) {
	var usage syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &usage)
	return time.Duration(usage.Utime.Nano()), time.Duration(usage.Stime.Nano())
}

func main() {
	out, err := net.Dial("tcp", "127.0.0.1:"+os.Args[2])
	if err != nil {
		panic(err)
	}
	user0, system0 := cpu()
	started := time.Now()
	in, err := tls.Dial("tcp", "127.0.0.1:"+os.Args[1], &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		panic(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		panic(err)
	}
	_ = out.Close()
	user1, system1 := cpu()
	_ = json.NewEncoder(os.Stdout).Encode(map[string]any{
		"ms":       float64(time.Since(started).Microseconds()) / 1000,
		"userMs":   float64((user1 - user0).Microseconds()) / 1000,
		"systemMs": float64((system1 - system0).Microseconds()) / 1000,
		"cipher":   tls.CipherSuiteName(in.ConnectionState().CipherSuite),
	})
}
