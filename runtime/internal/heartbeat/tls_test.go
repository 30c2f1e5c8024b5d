package heartbeat

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/sqreen-go/sqreen/runtime/wire/wiregrpc"
)

// selfSigned returns a TLS certificate for 127.0.0.1 and its PEM.
func selfSigned(t *testing.T) (tls.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "platform"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// TestTLSWithCAFile: the client trusts the platform's certificate through
// a CA file, and refuses it without one.
func TestTLSWithCAFile(t *testing.T) {
	cert, caPEM := selfSigned(t)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := newFakePlatform("sqa_test")
	srv := grpc.NewServer(grpc.Creds(credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{cert}})))
	wiregrpc.RegisterAgentServiceServer(srv, f)
	go srv.Serve(lis)
	defer srv.Stop()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(caFile, caPEM, 0o600)

	// Without the CA the system roots refuse the certificate: nothing arrives.
	untrusted := testConfig(lis.Addr().String())
	untrusted.Insecure = false
	a0 := &fakeAgent{}
	stop0 := Start(context.Background(), untrusted, a0)
	time.Sleep(100 * time.Millisecond)
	stop0()
	f.mu.Lock()
	logins := f.logins
	f.mu.Unlock()
	if logins != 0 {
		t.Fatal("logged in over TLS to an untrusted certificate")
	}

	cfg := testConfig(lis.Addr().String())
	cfg.Insecure, cfg.CAFile = false, caFile
	a := &fakeAgent{}
	stop := Start(context.Background(), cfg, a)
	defer stop()
	a.emit(3)
	eventually(t, "events over TLS", func() bool { return allStoredOnce(t, f, 3) })
}

func TestBadCAFile(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(bad, []byte("not a certificate"), 0o600)
	for _, file := range []string{bad, filepath.Join(t.TempDir(), "missing.pem")} {
		cfg := testConfig("127.0.0.1:1")
		cfg.Insecure, cfg.CAFile = false, file
		if _, err := newClient(cfg, &fakeAgent{}); err == nil {
			t.Errorf("CA file %s accepted", file)
		}
	}
}
