// Front Door Standard in front of the function app: one route for the policy file and TLS report delivery, one for
// the admin API; HTTPS only, no redirects (senders must not follow one), no caching unless edgeCache (then the origin's
// Cache-Control decides, and the app adds Policy:EdgeCacheSeconds to the rotation window). The function app trusts X-Forwarded-Host only with this profile's id in X-Azure-FDID
// (Proxy:TrustedFrontDoorId), and its access restrictions let Front Door in only with that id.
param profileName string
param endpointName string
param tags object
param originHostName string
param wafPolicyId string
@description('Whether this profile also carries the admin API route (the first shard only)')
param adminRoute bool = true
@description('Whether the mta-sts route caches what the origin allows (Cache-Control: public, max-age=Policy:EdgeCacheSeconds on a served policy; errors and reports are no-store)')
param edgeCache bool = false

resource profile 'Microsoft.Cdn/profiles@2024-02-01' existing = {
  name: profileName
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'functions'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    sessionAffinityState: 'Disabled'
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: originGroup
  name: 'function-app'
  properties: {
    hostName: originHostName
    originHostHeader: originHostName
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'mta-sts'
  dependsOn: [
    origin
  ]
  properties: {
    originGroup: {
      id: originGroup.id
    }
    supportedProtocols: [
      'Https'
    ]
    patternsToMatch: [
      '/.well-known/mta-sts.txt'
      '/tlsrpt'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Disabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
    cacheConfiguration: edgeCache
      ? {
          queryStringCachingBehavior: 'IgnoreQueryString'
        }
      : null
  }
}

// The admin API (function key) and the dashboard on the endpoint's own host name only: tenants' custom domains are
// added to the mta-sts route alone, so https://mta-sts.<tenant>/dashboard (or /shared) is never served. Created after that route: Front Door rejects concurrent route changes on one endpoint.
resource adminApiRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = if (adminRoute) {
  parent: endpoint
  name: 'admin-api'
  dependsOn: [
    route
  ]
  properties: {
    originGroup: {
      id: originGroup.id
    }
    supportedProtocols: [
      'Https'
    ]
    patternsToMatch: [
      '/api/*'
      '/dashboard'
      '/dashboard/*'
      '/shared'
      '/shared/*'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Disabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
  }
}

// The WAF policy (waf.bicep) on every path of the endpoint. A tenant's custom domain must be added to these domains
// too, or /tlsrpt on that domain escapes the limits (see the README).
resource securityPolicy 'Microsoft.Cdn/profiles/securityPolicies@2024-02-01' = {
  parent: profile
  name: 'waf'
  properties: {
    parameters: {
      type: 'WebApplicationFirewall'
      wafPolicy: {
        id: wafPolicyId
      }
      associations: [
        {
          domains: [
            {
              id: endpoint.id
            }
          ]
          patternsToMatch: [
            '/*'
          ]
        }
      ]
    }
  }
}

output endpointHostName string = endpoint.properties.hostName
output endpointName string = endpoint.name
output routeName string = route.name
