// The Front Door Standard profile, on its own so that its id (X-Azure-FDID) can go into the function app's access
// restrictions before the endpoint and its origin, which need the app's host name, are created (frontdoor.bicep).
param name string
param tags object

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: name
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
}

output name string = profile.name
output frontDoorId string = profile.properties.frontDoorId
