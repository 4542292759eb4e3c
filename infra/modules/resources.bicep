// Everything in the resource group, wired together.
param location string
param tags object
param token string
param delegationZoneName string
param principalId string
param principalType string
param rotationSchedule string
param reportSweepSchedule string
param maximumInstanceCount int
param tlsrptRateLimitPerMinute int
param reportMaxCompressedBytes int
param reportArchiveRetentionDays int
param adminAllowedIpRanges string[]
param frontDoorProfileCount int
param frontDoorProfileCapacity int
param frontDoorDelegateValidation bool
param customDomainSchedule string
param mxWatchSchedule string
param evaluationSchedule string
param alertDeliverySchedule string
param alertWebhooks string[]
param alertWebhookSigningKeyVaultUri string
param dashboardShareSigningKeyVaultUri string
param policyEdgeCacheSeconds int

module identity 'identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-mtasts-${token}'
    location: location
    tags: tags
  }
}

module storage 'storage.bicep' = {
  name: 'storage'
  params: {
    name: 'stmtasts${token}'
    location: location
    tags: tags
    reportArchiveRetentionDays: reportArchiveRetentionDays
  }
}

module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-mtasts-${token}'
    appInsightsName: 'appi-mtasts-${token}'
    location: location
    tags: tags
  }
}

module dns 'dns.bicep' = {
  name: 'dns'
  params: {
    zoneName: delegationZoneName
    tags: tags
  }
}

// One profile per shard of tenants' custom domains; the first keeps the name it always had.
module frontDoorProfiles 'frontdoorprofile.bicep' = [
  for i in range(0, frontDoorProfileCount): {
    name: 'frontdoor-profile-${i}'
    params: {
      name: i == 0 ? 'afd-mtasts-${token}' : 'afd-mtasts-${token}-${i}'
      tags: tags
    }
  }
]

module functionApp 'functionapp.bicep' = {
  name: 'functionapp'
  params: {
    planName: 'plan-mtasts-${token}'
    appName: 'func-mtasts-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    maximumInstanceCount: maximumInstanceCount
    frontDoorIds: [for i in range(0, frontDoorProfileCount): frontDoorProfiles[i].outputs.frontDoorId]
    adminAllowedIpRanges: adminAllowedIpRanges
  }
}

module waf 'waf.bicep' = {
  name: 'waf'
  params: {
    name: 'wafmtasts${token}'
    tags: tags
    tlsrptRateLimitPerMinute: tlsrptRateLimitPerMinute
    maxContentLength: reportMaxCompressedBytes
  }
}

module frontDoors 'frontdoor.bicep' = [
  for i in range(0, frontDoorProfileCount): {
    name: 'frontdoor-${i}'
    params: {
      profileName: frontDoorProfiles[i].outputs.name
      endpointName: i == 0 ? 'mtasts-${token}' : 'mtasts-${token}-${i}'
      tags: tags
      originHostName: functionApp.outputs.defaultHostName
      wafPolicyId: waf.outputs.id
      adminRoute: i == 0
      edgeCache: policyEdgeCacheSeconds > 0
    }
  }
]

// The app manages tenants' custom domains and routes on every shard's profile, and nothing else in Front Door.
module frontDoorRoles 'frontdoorroles.bicep' = [
  for i in range(0, frontDoorProfileCount): {
    name: 'roles-frontdoor-${i}'
    params: {
      principalId: identity.outputs.principalId
      profileName: frontDoorProfiles[i].outputs.name
    }
  }
]

module appSettings 'appsettings.bicep' = {
  name: 'appsettings'
  params: {
    appName: functionApp.outputs.name
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    appInsightsConnectionString: monitoring.outputs.connectionString
    rotationSchedule: rotationSchedule
    reportSweepSchedule: reportSweepSchedule
    delegationZoneName: dns.outputs.name
    publicHostName: frontDoors[0].outputs.endpointHostName
    frontDoorIds: [for i in range(0, frontDoorProfileCount): frontDoorProfiles[i].outputs.frontDoorId]
    reportMaxCompressedBytes: reportMaxCompressedBytes
    frontDoorShards: [
      for i in range(0, frontDoorProfileCount): {
        profile: frontDoorProfiles[i].outputs.name
        endpoint: frontDoors[i].outputs.endpointName
        endpointHost: frontDoors[i].outputs.endpointHostName
        route: frontDoors[i].outputs.routeName
        capacity: frontDoorProfileCapacity
      }
    ]
    frontDoorDelegateValidation: frontDoorDelegateValidation
    customDomainSchedule: customDomainSchedule
    mxWatchSchedule: mxWatchSchedule
    evaluationSchedule: evaluationSchedule
    alertDeliverySchedule: alertDeliverySchedule
    alertWebhooks: alertWebhooks
    alertWebhookSigningKeyVaultUri: alertWebhookSigningKeyVaultUri
    dashboardShareSigningKeyVaultUri: dashboardShareSigningKeyVaultUri
    policyEdgeCacheSeconds: policyEdgeCacheSeconds
  }
}

module eventGrid 'eventgrid.bicep' = {
  name: 'eventgrid'
  params: {
    name: 'evgt-mtasts-${token}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    deadLetterContainerName: storage.outputs.deadLetterContainerName
  }
}

module appRoles 'roles.bicep' = {
  name: 'roles-app'
  params: {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: storage.outputs.name
    dnsZoneName: dns.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module userRoles 'roles.bicep' = if (!empty(principalId)) {
  name: 'roles-user'
  params: {
    principalId: principalId
    principalType: principalType
    storageAccountName: storage.outputs.name
    dnsZoneName: dns.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output eventGridTopicName string = eventGrid.outputs.name
output eventGridDeadLetterContainerId string = eventGrid.outputs.deadLetterContainerId
output storageAccountName string = storage.outputs.name
output storageAccountId string = storage.outputs.id
output frontDoorProfileName string = frontDoorProfiles[0].outputs.name
output frontDoorEndpointHostName string = frontDoors[0].outputs.endpointHostName
output frontDoorId string = frontDoorProfiles[0].outputs.frontDoorId
output dnsZoneName string = dns.outputs.name
output dnsZoneNameServers array = dns.outputs.nameServers
output identityClientId string = identity.outputs.clientId
