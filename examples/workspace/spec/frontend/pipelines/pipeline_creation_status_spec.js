import { shallowMount } from '@vue/test-utils';
import PipelineCreationStatus from '~/pipelines/components/pipeline_creation_status.vue';

describe('PipelineCreationStatus', () => {
  let wrapper;

  const createComponent = (realtime = true) => {
    wrapper = shallowMount(PipelineCreationStatus, {
      propsData: { status: 'created' },
      provide: {
        glFeatures: {
          ciPipelineCreationRequestsRealtime: realtime,
        },
      },
    });
  };

  it('shows the status when realtime is on', () => {
    createComponent();
    expect(wrapper.find('.realtime').text()).toBe('created');
  });
});
