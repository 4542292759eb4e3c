// The Front Door WAF policy: intake limits on /tlsrpt, the one anonymous route that writes (denial of wallet), and a
// rate limit on /api/shared/, the dashboard's anonymous (share-link) read, which runs live DNS and HTTPS checks.
// Standard tier: custom rules and rate limits only (managed rule sets need Premium).
param name string
param tags object
param tlsrptRateLimitPerMinute int
param maxContentLength int

// Requests for /tlsrpt, whatever the case or percent-encoding (the route matches them all). Contains, because the
// WAF's RequestUri may carry the scheme, host and query string around the path.
var tlsrptPath = {
  matchVariable: 'RequestUri'
  operator: 'Contains'
  matchValue: [
    '/tlsrpt'
  ]
  transforms: [
    'UrlDecode'
    'Lowercase'
  ]
}

// The WAF's LessThan/GreaterThan compare the LENGTH of a value, not the number it spells, so "Content-Length greater
// than the limit" is written as regular expressions over its digits (match values are OR'ed): more digits than the
// limit, or as many digits with the limit's first i digits followed by a larger digit, for each digit below 9.
var limit = string(maxContentLength)
var digits = length(limit)
var longerThanLimit = '^0*[1-9][0-9]{${digits},}$'
var sameLengthAboveLimit = map(
  filter(range(0, digits), i => int(substring(limit, i, 1)) < 9),
  i => '^0*${substring(limit, 0, i)}[${int(substring(limit, i, 1)) + 1}-9][0-9]{${digits - i - 1}}$'
)

resource policy 'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies@2024-02-01' = {
  name: name
  location: 'Global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    policySettings: {
      enabledState: 'Enabled'
      mode: 'Prevention'
    }
    customRules: {
      rules: [
        {
          name: 'TlsrptTooLarge'
          priority: 10
          enabledState: 'Enabled'
          ruleType: 'MatchRule'
          action: 'Block'
          matchConditions: [
            tlsrptPath
            {
              matchVariable: 'RequestHeader'
              selector: 'Content-Length'
              operator: 'RegEx'
              matchValue: concat([longerThanLimit], sameLengthAboveLimit)
              transforms: [
                'Trim'
              ]
            }
          ]
        }
        {
          name: 'TlsrptRateLimit'
          priority: 20
          enabledState: 'Enabled'
          ruleType: 'RateLimitRule'
          rateLimitDurationInMinutes: 1
          rateLimitThreshold: tlsrptRateLimitPerMinute
          groupBy: [
            {
              variableName: 'SocketAddr'
            }
          ]
          action: 'Block'
          matchConditions: [
            tlsrptPath
          ]
        }
        {
          name: 'SharedPageRateLimit'
          priority: 30
          enabledState: 'Enabled'
          ruleType: 'RateLimitRule'
          rateLimitDurationInMinutes: 1
          rateLimitThreshold: 30
          groupBy: [
            {
              variableName: 'SocketAddr'
            }
          ]
          action: 'Block'
          matchConditions: [
            {
              matchVariable: 'RequestUri'
              operator: 'Contains'
              matchValue: [
                '/api/shared/'
              ]
              transforms: [
                'UrlDecode'
                'Lowercase'
              ]
            }
          ]
        }
      ]
    }
  }
}

output id string = policy.id
