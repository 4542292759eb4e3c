// The Event Grid system topic of the storage account. The subscription that delivers BlobCreated events for
// tlsrpt-inbox to the blob extension needs the extension's key, so infra/hooks/postdeploy.sh creates it after deploy.
param name string
param location string
param tags object
param storageAccountName string

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
