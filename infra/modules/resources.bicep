// Everything in the resource group, wired together.
param location string
param tags object
param token string
param delegationZoneName string
param principalId string
param principalType string
param rotationSchedule string
param maximumInstanceCount int

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
  }
}

module frontDoor 'frontdoor.bicep' = {
  name: 'frontdoor'
  params: {
    profileName: 'afd-mtasts-${token}'
    endpointName: 'mtasts-${token}'
    tags: tags
    originHostName: functionApp.outputs.defaultHostName
  }
}

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
    delegationZoneName: dns.outputs.name
    publicHostName: frontDoor.outputs.endpointHostName
    frontDoorId: frontDoor.outputs.frontDoorId
  }
}

module eventGrid 'eventgrid.bicep' = {
  name: 'eventgrid'
  params: {
    name: 'evgt-mtasts-${token}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
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
output storageAccountName string = storage.outputs.name
output frontDoorProfileName string = frontDoor.outputs.profileName
output frontDoorEndpointHostName string = frontDoor.outputs.endpointHostName
output frontDoorId string = frontDoor.outputs.frontDoorId
output dnsZoneName string = dns.outputs.name
output dnsZoneNameServers array = dns.outputs.nameServers
output identityClientId string = identity.outputs.clientId
