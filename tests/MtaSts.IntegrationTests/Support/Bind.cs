namespace MtaSts.IntegrationTests.Support;

/// <summary>Writes a BIND 9 configuration serving one zone on 127.0.0.1:53, for <c>named -g -c WORK/named.conf</c>.</summary>
public static class Bind
{
    public static void WriteZone(string work, string zone, string records)
    {
        File.WriteAllText(Path.Combine(work, "named.conf"), $$"""
            options {
              directory "{{work}}";
              pid-file "{{work}}/named.pid";
              session-keyfile "{{work}}/session.key";
              listen-on port 53 { 127.0.0.1; };
              listen-on-v6 { none; };
              recursion no;
              dnssec-validation no;
            };
            zone "{{zone}}" {
              type primary;
              file "{{work}}/zone.db";
            };
            """);
        File.WriteAllText(Path.Combine(work, "zone.db"), $"""
            $TTL 60
            @   IN SOA ns.{zone}. hostmaster.{zone}. 1 60 60 600 60
            @   IN NS  ns.{zone}.
            ns  IN A   127.0.0.1
            {records}

            """);
    }
}
