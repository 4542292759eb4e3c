using System.Security.Cryptography.X509Certificates;

namespace MtaSts.IntegrationTests.Support;

/// <summary>A throw-away CA and a server certificate it signed, written as PEM files for Kestrel and for clients' trust stores.</summary>
public static class TestCertificates
{
    public static void Write(string directory, string serverName)
    {
        using var ca = new TestCa();
        using var server = ca.Issue(serverName);
        ca.WritePem(Path.Combine(directory, "ca.pem"));
        File.WriteAllText(Path.Combine(directory, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "server.key"), server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }
}
